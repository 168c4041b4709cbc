import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError } from '../../functions/core/errors';
import { InvoiceService } from '../../functions/shared/invoices';
import type { InvoiceRecord } from '../../functions/shared/store';
import { FakeExecutions, FakeStore } from '../fixtures/fake-store';

const ID = 'inv_AAAAAAAAAAAAAAAAAAAAAA';
const NOW = new Date('2026-12-01T10:00:00.000Z');

const unpaid: InvoiceRecord = {
  invoiceId: ID,
  sellerId: 'atelier-dupont',
  number: 'FA-2026-0012',
  status: 'scheduled',
  flags: {},
  currency: 'EUR',
  totalMinor: 120000,
  paidMinor: 0,
  balanceMinor: 120000,
  issueDate: '2026-10-21',
  dueDate: '2026-11-20',
  customer: { id: 'C-042', name: 'Marie Martin', type: 'business', email: 'marie@example.com', cc: [] },
  pdfKey: 'invoices/atelier-dupont/x.pdf',
  contentHash: 'h',
  registeredAt: '2026-11-02T10:00:00.000Z',
  schedule: [],
  steps: { courtesy_reminder: { state: 'sent', claimedAt: '2026-11-12T08:00:00.000Z', messageId: 'm-1' } },
  payments: {},
  resumeCount: 0,
  executionName: ID,
  executionStarted: true,
};

function setup(record: Partial<InvoiceRecord> = {}) {
  const store = new FakeStore();
  const executions = new FakeExecutions();
  store.put({ ...unpaid, ...record });
  const service = new InvoiceService({ store, executions, bucketName: 'unused', now: () => NOW });
  return { store, executions, service };
}

describe('InvoiceService settlement', () => {
  it('should mark a fully paid invoice paid once, stop its execution and start the thank-you', async () => {
    const { store, executions, service } = setup();
    const { applied, view } = await service.applyPayment(
      ID,
      { paymentId: 'P-1', amountMinor: 120000 },
      'api',
    );
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
    const { service, executions } = setup();
    const { view } = await service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 20000 }, 'api');
    expect(view).toMatchObject({ status: 'scheduled', paidMinor: 20000, balanceMinor: 100000 });
    expect(executions.started).toEqual([]);
  });

  it('should flag an overpayment', async () => {
    const { service } = setup();
    const { view } = await service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 130000 }, 'api');
    expect(view.status).toBe('paid');
    expect(view.flags).toContain('overpaid');
  });

  it('should apply a repeated payment once and refuse the same id with another amount', async () => {
    const { service, store } = setup();
    await service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 20000 }, 'api');
    const again = await service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 20000 }, 'api');
    expect(again.applied).toBe(false);
    expect(again.view.paidMinor).toBe(20000);
    await expect(service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 5 }, 'api')).rejects.toThrow(
      ConflictError,
    );
    expect(store.typesOf(ID)).toEqual(['payment_received']);
  });

  it('should record a payment on a cancelled invoice and flag it', async () => {
    const { service } = setup({ status: 'cancelled' });
    const { view } = await service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 1000 }, 'api');
    expect(view).toMatchObject({
      status: 'cancelled',
      paidMinor: 1000,
      flags: ['payment_after_cancellation'],
    });
  });

  it('should refuse a payment in another currency', async () => {
    const { service } = setup();
    await expect(
      service.applyPayment(ID, { paymentId: 'P-1', amountMinor: 1000, currency: 'USD' }, 'api'),
    ).rejects.toThrow(InvalidRequestError);
  });
});

describe('InvoiceService pause and resume', () => {
  it('should pause, stop the running execution and record why', async () => {
    const { service, store, executions } = setup();
    const view = await service.pause(ID, { reason: 'dispute' });
    expect(view.status).toBe('paused');
    expect(executions.stopped).toEqual([ID]);
    expect(executions.started).toEqual([]);
    expect(store.typesOf(ID)).toEqual(['dunning_paused']);
  });

  it('should start the execution that resumes a pause with an end date', async () => {
    const { service, executions } = setup();
    await service.pause(ID, { reason: 'promise_to_pay', until: '2026-12-15' });
    expect(executions.started).toEqual([
      {
        name: `${ID}-resume-1`,
        input: { invoiceId: ID, mode: 'resume', notBefore: '2026-12-14T23:00:00.000Z' },
      },
    ]);
  });

  it('should refuse to pause a paid or cancelled invoice, or until a past date', async () => {
    await expect(setup({ status: 'paid' }).service.pause(ID, { reason: 'dispute' })).rejects.toThrow(
      ConflictError,
    );
    await expect(setup({ status: 'cancelled' }).service.pause(ID, { reason: 'dispute' })).rejects.toThrow(
      ConflictError,
    );
    await expect(setup().service.pause(ID, { reason: 'dispute', until: '2026-11-30' })).rejects.toThrow(
      InvalidRequestError,
    );
  });

  it('should resume where the cadence stood: scheduled after the courtesy reminder alone', async () => {
    const { service, executions } = setup();
    await service.pause(ID, { reason: 'dispute' });
    const view = await service.resume(ID);
    expect(view.status).toBe('scheduled');
    expect(executions.started).toEqual([
      { name: `${ID}-resume-1`, input: { invoiceId: ID, mode: 'resume' } },
    ]);
  });

  it('should resume in progress once a reminder after the due date went out', async () => {
    const { service } = setup({
      steps: {
        courtesy_reminder: { state: 'sent', claimedAt: '2026-11-12T08:00:00.000Z' },
        first_reminder: { state: 'sent', claimedAt: '2026-11-30T08:00:00.000Z' },
      },
    });
    await service.pause(ID, { reason: 'dispute' });
    expect((await service.resume(ID)).status).toBe('in_progress');
  });

  it('should refuse to resume an invoice that is not paused', async () => {
    await expect(setup().service.resume(ID)).rejects.toThrow(ConflictError);
  });
});

describe('InvoiceService cancel', () => {
  it('should cancel for good and stop the execution', async () => {
    const { service, executions, store } = setup();
    const view = await service.cancel(ID, { reason: 'credit_note' });
    expect(view.status).toBe('cancelled');
    expect(executions.stopped).toEqual([ID]);
    expect(store.typesOf(ID)).toEqual(['invoice_cancelled']);
  });

  it('should answer a repeated cancel with the invoice, and refuse a paid one', async () => {
    const cancelled = setup({ status: 'cancelled' });
    expect((await cancelled.service.cancel(ID, { reason: 'credit_note' })).status).toBe('cancelled');
    expect(cancelled.executions.stopped).toEqual([]);
    await expect(setup({ status: 'paid' }).service.cancel(ID, { reason: 'credit_note' })).rejects.toThrow(
      ConflictError,
    );
  });
});
