import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../functions/core/errors';
import { toInvoiceView } from '../../functions/shared/invoice-view';
import type { InvoiceRecord } from '../../functions/shared/store';
import { viewInvoice } from '../../functions/shared/use-cases/view-invoice';
import { INVOICE_ID, useCasePorts } from '../fixtures/use-cases';

const record: InvoiceRecord = {
  invoiceId: 'inv_AAAAAAAAAAAAAAAAAAAAAA',
  sellerId: 'atelier-dupont',
  number: 'FA-2026-0012',
  status: 'in_progress',
  flags: {},
  currency: 'EUR',
  totalMinor: 123456,
  paidMinor: 0,
  balanceMinor: 123456,
  issueDate: '2026-10-21',
  dueDate: '2026-11-20',
  customer: { id: 'C-042', name: 'Marie Martin', type: 'business', email: 'marie@example.com', cc: [] },
  pdfKey: 'invoices/atelier-dupont/x.pdf',
  contentHash: 'h',
  registeredAt: '2026-11-02T10:00:00.000Z',
  schedule: [
    { step: 'courtesy_reminder', at: '2026-11-12T08:00:00.000Z', state: 'planned' },
    { step: 'first_reminder', at: '2026-11-30T08:00:00.000Z', state: 'planned' },
    { step: 'second_reminder', at: '2026-12-07T08:00:00.000Z', state: 'skipped', reason: 'registered_late' },
  ],
  steps: {
    courtesy_reminder: {
      state: 'sent',
      claimedAt: '2026-11-12T08:00:00.000Z',
      messageId: 'm-1',
      sentAt: '2026-11-12T08:00:01.000Z',
    },
  },
  payments: {},
  resumeCount: 0,
  executionName: 'inv_AAAAAAAAAAAAAAAAAAAAAA',
};

describe('toInvoiceView', () => {
  it('should show sent steps with their message id and keep planned and skipped ones', () => {
    expect(toInvoiceView(record).schedule).toEqual([
      { step: 'courtesy_reminder', at: '2026-11-12T08:00:01.000Z', state: 'sent', messageId: 'm-1' },
      { step: 'first_reminder', at: '2026-11-30T08:00:00.000Z', state: 'planned' },
      {
        step: 'second_reminder',
        at: '2026-12-07T08:00:00.000Z',
        state: 'skipped',
        reason: 'registered_late',
      },
    ]);
  });

  it('should show planned steps as cancelled once the invoice is paid, and the thank-you', () => {
    const paid: InvoiceRecord = {
      ...record,
      status: 'paid',
      flags: { overpaid: '2026-11-25T10:00:00.000Z' },
      steps: {
        ...record.steps,
        thank_you: { state: 'sent', claimedAt: '2026-11-25T10:00:00.000Z', messageId: 'm-2' },
      },
    };
    const view = toInvoiceView(paid);
    expect(view.schedule[1]).toEqual({
      step: 'first_reminder',
      at: '2026-11-30T08:00:00.000Z',
      state: 'cancelled',
      reason: 'paid',
    });
    expect(view.schedule.at(-1)).toEqual({
      step: 'thank_you',
      at: '2026-11-25T10:00:00.000Z',
      state: 'sent',
      messageId: 'm-2',
    });
    expect(view.flags).toEqual(['overpaid']);
  });

  it('should show the customer steps ahead, and an escalation without its notice, as skipped while the address is undeliverable', () => {
    const bounced: InvoiceRecord = {
      ...record,
      flags: { undeliverable: '2026-11-12T08:00:02.000Z' },
      undeliverable: {
        address: 'marie@example.com',
        cause: 'bounce',
        at: '2026-11-12T08:00:02.000Z',
        step: 'courtesy_reminder',
        messageId: 'm-1',
      },
      schedule: [
        ...record.schedule.slice(0, 2),
        { step: 'formal_notice', at: '2026-12-21T08:00:00.000Z', state: 'planned', deadline: '2026-12-29' },
        { step: 'escalation', at: '2026-12-30T08:00:00.000Z', state: 'planned' },
      ],
    };
    const view = toInvoiceView(bounced);
    expect(view.schedule.map((entry) => [entry.step, entry.state, entry.reason])).toEqual([
      ['courtesy_reminder', 'sent', undefined],
      ['first_reminder', 'skipped', 'undeliverable'],
      ['formal_notice', 'skipped', 'undeliverable'],
      ['escalation', 'skipped', 'undeliverable'],
    ]);
    expect(view.flags).toEqual(['undeliverable']);
    expect(view.undeliverable?.cause).toBe('bounce');
  });

  it('should expose no storage keys or internal hashes', () => {
    const view = toInvoiceView(record) as unknown as Record<string, unknown>;
    for (const internal of ['pk', 'contentHash', 'steps', 'pdfKey', 'executionName'])
      expect(view).not.toHaveProperty(internal);
  });
});

describe('viewInvoice', () => {
  it('should add each message delivery, the events and, with asOf, the statement', async () => {
    const ports = useCasePorts();
    await ports.store.appendEvent(INVOICE_ID, {
      at: '2026-11-12T08:00:01.000Z',
      type: 'email_delivery',
      messageId: 'm-1',
    });
    const view = await viewInvoice(ports, INVOICE_ID, '2026-12-01');
    expect(view.events?.map((event) => event.type)).toEqual(['email_delivery']);
    expect(view.schedule).toEqual([]);
    expect(view.statement).toMatchObject({ asOf: '2026-12-01', daysLate: 11, principalMinor: 120000 });
    expect((await viewInvoice(ports, INVOICE_ID)).statement).toBeUndefined();
  });

  it('should answer NotFoundError for an unknown invoice', async () => {
    await expect(viewInvoice(useCasePorts(null), INVOICE_ID)).rejects.toThrow(NotFoundError);
  });
});
