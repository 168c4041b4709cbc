import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError } from '../../functions/core/errors';
import type { PauseInput } from '../../functions/core/schemas';
import type { InvoiceRecord } from '../../functions/shared/store';
import { cancel } from '../../functions/shared/use-cases/cancel';
import { pause } from '../../functions/shared/use-cases/pause';
import { resume } from '../../functions/shared/use-cases/resume';
import { INVOICE_ID as ID, useCasePorts } from '../fixtures/use-cases';

/** The three use cases on one invoice, each given the same in-memory ports. */
function setup(record: Partial<InvoiceRecord> = {}) {
  const ports = useCasePorts(record);
  const alerts: string[] = [];
  const deps = {
    ...ports,
    alertInsolvency: async (invoice: InvoiceRecord) => alerts.push(invoice.invoiceId),
  };
  const service = {
    pause: (invoiceId: string, input: PauseInput) => pause(deps, invoiceId, input),
    resume: (invoiceId: string) => resume(ports, invoiceId),
    cancel: (invoiceId: string, input: { reason: 'credit_note' }) => cancel(ports, invoiceId, input),
  };
  return { ...ports, alerts, service };
}

describe('pause and resume', () => {
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

  it('should alert the seller once an insolvency pause is stored', async () => {
    const { service, alerts } = setup();
    const view = await service.pause(ID, { reason: 'insolvency', bodaccPublishedOn: '2026-11-25' });
    expect(view.pause).toMatchObject({ reason: 'insolvency', bodaccPublishedOn: '2026-11-25' });
    expect(alerts).toEqual([ID]);
    await service.resume(ID);
    expect(alerts).toEqual([ID]);
  });

  it('should replace the pause of a paused invoice', async () => {
    const { service } = setup();
    await service.pause(ID, { reason: 'dispute' });
    const view = await service.pause(ID, { reason: 'promise_to_pay', until: '2026-12-15' });
    expect(view.pause).toMatchObject({ reason: 'promise_to_pay', until: '2026-12-15' });
  });

  it('should resume a payment plan that was paused as a plan', async () => {
    const plan = {
      installments: [],
      agreedAt: '2026-11-25T10:00:00.000Z',
      paidBeforeMinor: 0,
      state: 'active',
    };
    const { service, executions } = setup({ status: 'paused', plan: plan as InvoiceRecord['plan'] });
    await service.resume(ID);
    expect(executions.started[0]?.input.mode).toBe('payment_plan');
  });

  it('should refuse to resume an invoice that is not paused', async () => {
    await expect(setup().service.resume(ID)).rejects.toThrow(ConflictError);
  });
});

describe('cancel', () => {
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
