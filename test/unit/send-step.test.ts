import { describe, expect, it } from 'vitest';
import { sendStep } from '../../functions/send-message/send';
import { SendRejectedError } from '../../functions/shared/ses-mailer';
import type { InvoiceRecord } from '../../functions/shared/store';
import { TransientSendError } from '../../functions/shared/workflow-errors';
import { sendPorts } from '../fixtures/fake-send';
import { INVOICE_ID as ID, NOW, unpaidInvoice } from '../fixtures/use-cases';

const OTHER = 'inv_BBBBBBBBBBBBBBBBBBBBBB';
const PDF = Buffer.from('%PDF-1.4 test');

/** The ports with `unpaidInvoice` (changed by `record`) stored, due and with its PDF. */
function setup(record: Partial<InvoiceRecord> = {}, options: Parameters<typeof sendPorts>[0] = {}) {
  const ports = sendPorts(options);
  ports.store.put({
    ...unpaidInvoice,
    schedule: [
      { step: 'first_reminder', at: NOW.toISOString(), state: 'planned' },
      { step: 'formal_notice', at: '2026-12-10T08:00:00.000Z', state: 'planned' },
      { step: 'escalation', at: '2026-12-30T08:00:00.000Z', state: 'planned' },
    ],
    ...record,
  });
  ports.documents.objects.set(unpaidInvoice.pdfKey, PDF);
  return ports;
}

describe('sendStep', () => {
  it('should send a due step once, with the invoice PDF, and record it everywhere', async () => {
    const { deps, store, mailer, documents } = setup();
    const result = await sendStep(deps, ID, 'first_reminder');
    expect(result).toEqual({ outcome: 'sent', step: 'first_reminder', messageId: 'msg-1' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({
      to: ['marie@example.com'],
      invoiceId: ID,
      step: 'first_reminder',
      attachments: [{ fileName: 'FA-2026-0012.pdf', bytes: PDF }],
    });
    const stored = await store.getInvoice(ID);
    expect(stored?.steps.first_reminder).toMatchObject({ state: 'sent', messageId: 'msg-1' });
    expect(stored?.status).toBe('in_progress');
    expect(store.typesOf(ID)).toEqual(['reminder_sent']);
    expect(documents.objects.has(`evidence/${ID}/first_reminder-msg-1.json`)).toBe(true);
  });

  it('should send nothing the second time: exactly once', async () => {
    const { deps, mailer } = setup();
    await sendStep(deps, ID, 'first_reminder');
    const again = await sendStep(deps, ID, 'first_reminder');
    expect(again).toEqual({ outcome: 'skipped', step: 'first_reminder', reason: 'already_sent' });
    expect(mailer.sent).toHaveLength(1);
  });

  it('should skip a step of an invoice paid meanwhile', async () => {
    const { deps, mailer } = setup({ status: 'paid', paidMinor: 120000, balanceMinor: 0 });
    const result = await sendStep(deps, ID, 'first_reminder');
    expect(result).toEqual({ outcome: 'skipped', step: 'first_reminder', reason: 'invoice_paid' });
    expect(mailer.sent).toEqual([]);
  });

  it('should skip a customer step for an undeliverable address and mark it skipped in the schedule', async () => {
    const { deps, store, mailer } = setup({ flags: { undeliverable: '2026-11-28T08:00:00.000Z' } });
    const result = await sendStep(deps, ID, 'first_reminder');
    expect(result).toEqual({ outcome: 'skipped', step: 'first_reminder', reason: 'undeliverable' });
    expect(mailer.sent).toEqual([]);
    expect((await store.getInvoice(ID))?.schedule[0]).toMatchObject({
      state: 'skipped',
      reason: 'undeliverable',
    });
    expect(store.typesOf(ID)).toEqual(['step_skipped']);
  });

  it('should give the claim back when the mailer refuses, so a retry can send', async () => {
    const { deps, store, mailer } = setup();
    mailer.fail = new SendRejectedError('bounced at once');
    await expect(sendStep(deps, ID, 'first_reminder')).rejects.toThrow(SendRejectedError);
    expect((await store.getInvoice(ID))?.steps.first_reminder?.state).toBe('released');
    mailer.fail = new TransientSendError('SES down');
    await expect(sendStep(deps, ID, 'first_reminder')).rejects.toThrow(TransientSendError);
    mailer.fail = undefined;
    expect((await sendStep(deps, ID, 'first_reminder')).outcome).toBe('sent');
  });

  it('should never resend a step whose sender died mid-send: its outcome is unknown', async () => {
    const claimedAt = new Date(NOW.getTime() - 10 * 60_000);
    const abandoned = {
      state: 'claimed' as const,
      claimedAt: claimedAt.toISOString(),
      claimedBy: 'runtime-dead',
      claimedAtWallMs: claimedAt.getTime(),
    };
    const { deps, store, mailer } = setup({ steps: { ...unpaidInvoice.steps, first_reminder: abandoned } });
    const result = await sendStep(deps, ID, 'first_reminder');
    expect(result).toEqual({ outcome: 'skipped', step: 'first_reminder', reason: 'send_outcome_unknown' });
    expect(mailer.sent).toEqual([]);
    expect((await store.getInvoice(ID))?.steps.first_reminder?.state).toBe('unknown');
    expect(store.typesOf(ID)).toEqual(['send_outcome_unknown']);
  });

  it('should send one email for the invoices joining the contact day, and mark each sent', async () => {
    const { deps, store, mailer, contactDays, documents } = setup();
    store.put({ ...unpaidInvoice, invoiceId: OTHER, number: 'FA-2026-0013', pdfKey: 'invoices/x/13.pdf' });
    documents.objects.set('invoices/x/13.pdf', PDF);
    const ref = { sellerId: 'atelier-dupont', address: 'marie@example.com', day: '2026-12-01' };
    contactDays.gate = {
      kind: 'lead',
      ref: ref as never,
      lead: ID,
      joining: [{ invoiceId: OTHER, step: 'first_reminder' }],
    };
    const result = await sendStep(deps, ID, 'first_reminder');
    expect(result).toEqual({ outcome: 'sent', step: 'first_reminder', messageId: 'msg-1', invoices: 2 });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.attachments).toHaveLength(2);
    for (const id of [ID, OTHER]) {
      expect((await store.getInvoice(id))?.steps.first_reminder).toMatchObject({
        state: 'sent',
        messageId: 'msg-1',
        consolidated: true,
      });
    }
    expect(contactDays.marked).toEqual([
      { messageId: 'msg-1', members: [`${ID}#first_reminder`, `${OTHER}#first_reminder`] },
    ]);
  });

  it('should postpone a step when the address already got its message today', async () => {
    const { deps, contactDays, mailer } = setup();
    contactDays.gate = { kind: 'postponed', at: '2026-12-02T08:00:00.000Z' };
    const result = await sendStep(deps, ID, 'first_reminder');
    expect(result).toMatchObject({ outcome: 'postponed', at: '2026-12-02T08:00:00.000Z' });
    expect(mailer.sent).toEqual([]);
  });

  it('should attach and hand over the formal notice letter, and re-plan the escalation', async () => {
    const { deps, mailer, letters, documents } = setup({ status: 'in_progress' });
    const result = await sendStep(deps, ID, 'formal_notice');
    expect(result).toMatchObject({ outcome: 'sent', escalation: { state: 'planned' } });
    expect(mailer.sent[0]?.attachments?.map((a) => a.fileName)).toEqual([
      'FA-2026-0012.pdf',
      'mise-en-demeure-FA-2026-0012.pdf',
    ]);
    expect(letters.dispatched).toHaveLength(1);
    expect(documents.objects.has(letters.dispatched[0]?.key ?? '')).toBe(true);
  });
});
