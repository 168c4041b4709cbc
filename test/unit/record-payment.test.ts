import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../functions/core/errors';
import { sellerSchema } from '../../functions/core/schemas';
import type { InvoiceRecord } from '../../functions/shared/store';
import { recordPayment } from '../../functions/shared/use-cases/record-payment';
import { FakeStore } from '../fixtures/fake-store';
import { atelierDupont } from '../fixtures/sellers';
import { INVOICE_ID as ID, unpaidInvoice, useCasePorts } from '../fixtures/use-cases';

function setup(record: Partial<InvoiceRecord> = {}) {
  const ports = useCasePorts(record);
  const pay = (paymentId: string, amountMinor: number, extra: { currency?: string; eventId?: string } = {}) =>
    recordPayment(ports, ID, { paymentId, amountMinor, ...extra }, 'api');
  return { ...ports, pay };
}

describe('recordPayment', () => {
  it('should mark a fully paid invoice paid once, stop its execution and start the thank-you', async () => {
    const { store, executions, pay } = setup();
    const { applied, view } = await pay('P-1', 120000);
    expect(applied).toBe(true);
    expect(view.status).toBe('paid');
    expect(executions.stopped).toEqual([ID]);
    expect(executions.started).toEqual([
      { name: `${ID}-thanks`, input: { invoiceId: ID, mode: 'thank_you' } },
    ]);
    // Paid 11 days late: the penalties and the indemnity are waived (the seller's default).
    expect(store.typesOf(ID)).toEqual(['payment_received', 'invoice_paid', 'penalties_waived']);
  });

  it('should keep a partly paid invoice due, with its balance', async () => {
    const { executions, pay } = setup();
    const { view } = await pay('P-1', 20000);
    expect(view).toMatchObject({ status: 'scheduled', paidMinor: 20000, balanceMinor: 100000 });
    expect(executions.started).toEqual([]);
  });

  it('should flag an overpayment and record by how much', async () => {
    const { store, pay } = setup();
    const { view } = await pay('P-1', 130000);
    expect(view.status).toBe('paid');
    expect(view.flags).toContain('overpaid');
    expect(store.events.find((event) => event.type === 'invoice_paid')).toMatchObject({
      paidMinor: 130000,
      overpaidMinor: 10000,
    });
  });

  it('should settle when a later partial payment covers the balance', async () => {
    const { executions, pay } = setup();
    await pay('P-1', 20000);
    const { view } = await pay('P-2', 100000);
    expect(view).toMatchObject({ status: 'paid', paidMinor: 120000, balanceMinor: 0 });
    expect(executions.stopped).toEqual([ID]);
  });

  it('should change nothing for a replayed webhook event, even under another payment id', async () => {
    const { store, pay } = setup();
    await pay('P-1', 20000, { eventId: 'evt_1' });
    const replay = await pay('P-1bis', 20000, { eventId: 'evt_1' });
    expect(replay.applied).toBe(false);
    expect(replay.view.paidMinor).toBe(20000);
    expect(store.typesOf(ID)).toEqual(['payment_received']);
  });

  it('should start the thank-you once when a paid invoice is paid again', async () => {
    const { executions, pay } = setup();
    await pay('P-1', 120000);
    await pay('P-2', 500);
    expect(executions.started.map((run) => run.name)).toEqual([`${ID}-thanks`]);
  });

  it('should apply a repeated payment once and refuse the same id with another amount', async () => {
    const { store, pay } = setup();
    await pay('P-1', 20000);
    const again = await pay('P-1', 20000);
    expect(again.applied).toBe(false);
    expect(again.view.paidMinor).toBe(20000);
    await expect(pay('P-1', 5)).rejects.toThrow(ConflictError);
    expect(store.typesOf(ID)).toEqual(['payment_received']);
  });

  it('should record a payment on a cancelled invoice and flag it', async () => {
    const { pay } = setup({ status: 'cancelled' });
    const { view } = await pay('P-1', 1000);
    expect(view).toMatchObject({
      status: 'cancelled',
      paidMinor: 1000,
      flags: ['payment_after_cancellation'],
    });
  });

  it('should refuse a payment in another currency', async () => {
    const { pay } = setup();
    await expect(pay('P-1', 1000, { currency: 'USD' })).rejects.toThrow(InvalidRequestError);
  });

  it('should answer NotFoundError for an unknown invoice', async () => {
    const ports = useCasePorts(null);
    await expect(recordPayment(ports, ID, { paymentId: 'P-1', amountMinor: 1 }, 'api')).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('recordPayment with a seller who claims the extras', () => {
  function claiming() {
    const ports = useCasePorts(null);
    const seller = sellerSchema.parse({ ...atelierDupont, afterPrincipalPaid: 'claim' });
    const store = new FakeStore(seller);
    store.put(unpaidInvoice);
    return { ...ports, store };
  }

  it('should mark the invoice paid with penalties due, then clear them once they are paid', async () => {
    const ports = claiming();
    const paid = await recordPayment(ports, ID, { paymentId: 'P-1', amountMinor: 120000 }, 'api');
    expect(paid.view).toMatchObject({ status: 'paid', flags: ['penalties_due'] });
    const due = ports.store.events.find((event) => event.type === 'penalties_due');
    const extras = Number(due?.totalMinor);
    expect(extras).toBeGreaterThan(0);
    const settled = await recordPayment(ports, ID, { paymentId: 'P-2', amountMinor: extras }, 'api');
    expect(settled.view.flags).toEqual([]);
    expect(ports.store.typesOf(ID).at(-1)).toBe('penalties_paid');
  });
});
