import { describe, expect, it } from 'vitest';
import { BATCH_CONCURRENCY, registerBatch } from '../../functions/api/routes';
import type { Invoice } from '../../functions/core/schemas';
import { HttpError } from '../../functions/shared/http';
import type { InvoiceUseCases } from '../../functions/shared/use-cases';
import { invoiceFa0012 } from '../fixtures/invoices';

type Register = InvoiceUseCases['register'];

/** A stand-in for the invoice service: each number's registration takes its own time, or fails. */
function fakeService(behaviour: (invoice: Invoice) => Promise<void>) {
  let running = 0;
  let peak = 0;
  const register: Register = async (invoice) => {
    running += 1;
    peak = Math.max(peak, running);
    try {
      await behaviour(invoice);
      return {
        status: 201,
        view: { invoiceId: `id-${invoice.number}` } as Awaited<ReturnType<Register>>['view'],
      };
    } finally {
      running -= 1;
    }
  };
  return { service: { register }, peak: () => peak };
}

const item = (number: string) => ({ ...invoiceFa0012, number });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('registerBatch', () => {
  it('should register several items at once, never more than the bound, and answer in input order', async () => {
    const { service, peak } = fakeService(async (invoice) => {
      // Later items finish first: the order of results must not depend on completion order.
      await pause(40 - Number(invoice.number.slice(3)));
    });
    const items = Array.from({ length: 30 }, (_, index) => item(`FA-${index}`));
    const results = (await registerBatch(service, items)) as { index: number; invoiceId: string }[];
    expect(results.map((result) => result.index)).toEqual(items.map((_, index) => index));
    expect(results.map((result) => result.invoiceId)).toEqual(items.map((i) => `id-${i.number}`));
    expect(peak()).toBe(BATCH_CONCURRENCY);
  });

  it('should keep each failure to its own item: invalid input, a client error, an unexpected error', async () => {
    const { service } = fakeService(async (invoice) => {
      if (invoice.number === 'FA-CONFLICT') throw new HttpError(409, 'Conflict', 'already registered');
      if (invoice.number === 'FA-BROKEN') throw new Error('emulator went away');
      await pause(5);
    });
    const results = (await registerBatch(service, [
      item('FA-1'),
      { ...item('FA-2'), totalMinor: -5 },
      item('FA-CONFLICT'),
      item('FA-BROKEN'),
      item('FA-5'),
    ])) as { index: number; status: number; problem?: { errors: { path: string }[] } }[];
    expect(results.map((result) => result.status)).toEqual([201, 400, 409, 500, 201]);
    expect(results[1]?.problem?.errors[0]?.path).toBe('totalMinor');
  });
});
