import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError } from '../../functions/core/errors';
import { executionNames } from '../../functions/core/ids';
import { updateContact } from '../../functions/shared/use-cases/contact';
import { agreePaymentPlan, planNextInstallmentStep } from '../../functions/shared/use-cases/payment-plan';
import { INVOICE_ID as ID, NOW, useCasePorts } from '../fixtures/use-cases';

const twoInstallments = {
  installments: [
    { dueDate: '2026-12-15', amountMinor: 60000 },
    { dueDate: '2027-01-15', amountMinor: 60000 },
  ],
};

describe('updateContact', () => {
  it('should replace the address of a flagged invoice and resume it with a new execution', async () => {
    const ports = useCasePorts({ flags: { undeliverable: '2026-11-28T08:00:00.000Z' } });
    const view = await updateContact(ports, ID, { email: 'compta@example.com' });
    expect(view.customer.email).toBe('compta@example.com');
    expect(view.flags).toEqual([]);
    expect(ports.executions.stopped).toEqual([ID]);
    expect(ports.executions.started).toEqual([
      { name: executionNames.resume(ID, 1), input: { invoiceId: ID, mode: 'resume' } },
    ]);
    expect(ports.store.typesOf(ID)).toEqual(['contact_updated', 'dunning_resumed']);
  });

  it('should only replace the address of an invoice that was not flagged', async () => {
    const ports = useCasePorts();
    await updateContact(ports, ID, { email: 'compta@example.com' });
    expect(ports.executions.started).toEqual([]);
    expect(ports.store.typesOf(ID)).toEqual(['contact_updated']);
  });

  it('should refuse a paid invoice', async () => {
    const ports = useCasePorts({ status: 'paid' });
    await expect(updateContact(ports, ID, { email: 'compta@example.com' })).rejects.toThrow(ConflictError);
  });
});

describe('agreePaymentPlan', () => {
  it('should move the invoice to its plan and swap the cadence execution for the plan one', async () => {
    const ports = useCasePorts();
    const view = await agreePaymentPlan(ports, ID, twoInstallments);
    expect(view.status).toBe('payment_plan');
    expect(view.plan?.installments).toHaveLength(2);
    expect(ports.executions.stopped).toEqual([ID]);
    expect(ports.executions.started).toEqual([
      { name: executionNames.plan(ID, 1), input: { invoiceId: ID, mode: 'payment_plan' } },
    ]);
  });

  it('should refuse a plan whose sum is not the balance, and a second plan', async () => {
    const ports = useCasePorts();
    const short = {
      installments: [
        { dueDate: '2026-12-15', amountMinor: 60000 },
        { dueDate: '2027-01-15', amountMinor: 1 },
      ],
    };
    await expect(agreePaymentPlan(ports, ID, short)).rejects.toThrow(InvalidRequestError);
    await agreePaymentPlan(ports, ID, twoInstallments);
    await expect(agreePaymentPlan(ports, ID, twoInstallments)).rejects.toThrow(ConflictError);
  });
});

describe('planNextInstallmentStep', () => {
  it('should wait for the first reminder of a new plan', async () => {
    const ports = useCasePorts();
    await agreePaymentPlan(ports, ID, twoInstallments);
    const next = await planNextInstallmentStep(ports.store, ID, NOW);
    expect(next.action).toBe('wait');
    expect(next.at > NOW.toISOString()).toBe(true);
  });

  it('should break a plan left uncovered past its limit and hand the invoice back to the cadence', async () => {
    // Unreachable customer: no reminder goes, the plan runs straight to its break check.
    const ports = useCasePorts({ flags: { undeliverable: '2026-11-28T08:00:00.000Z' } });
    await agreePaymentPlan(ports, ID, twoInstallments);
    const next = await planNextInstallmentStep(ports.store, ID, new Date('2027-01-05T08:00:00.000Z'));
    expect(next.action).toBe('broken');
    const stored = await ports.store.getInvoice(ID);
    expect(stored?.status).toBe('scheduled');
    expect(stored?.plan?.state).toBe('broken');
    expect(ports.store.typesOf(ID).at(-1)).toBe('payment_plan_broken');
  });

  it('should say paid once the invoice is paid', async () => {
    const ports = useCasePorts({ status: 'paid' });
    expect((await planNextInstallmentStep(ports.store, ID, NOW)).action).toBe('paid');
  });
});
