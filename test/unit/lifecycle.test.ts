import { describe, expect, it } from 'vitest';
import {
  CLOSED_STATUSES,
  canCancel,
  canPause,
  canResume,
  canSend,
  HALTING_STATUSES,
  INVOICE_STATUSES,
  type InvoiceStatus,
  isClosed,
  paymentHistory,
  resumedStatus,
  STOPPED_STATUSES,
  statusAfter,
  stoppedReason,
} from '../../functions/core/lifecycle';
import { MESSAGE_STEPS } from '../../functions/core/steps';

const sent = { state: 'sent' };

describe('statusAfter', () => {
  it('should be scheduled while nothing was sent', () => {
    expect(statusAfter(undefined)).toBe('scheduled');
    expect(statusAfter({})).toBe('scheduled');
  });

  it('should stay scheduled after the courtesy reminder alone (it goes before the due date)', () => {
    expect(statusAfter({ courtesy_reminder: sent })).toBe('scheduled');
  });

  it('should be in progress once a reminder after the due date went out', () => {
    expect(statusAfter({ courtesy_reminder: sent, first_reminder: sent })).toBe('in_progress');
    expect(statusAfter({ second_reminder: sent })).toBe('in_progress');
  });

  it('should go to the furthest step sent', () => {
    expect(statusAfter({ first_reminder: sent, formal_notice: sent })).toBe('formal_notice_sent');
    expect(statusAfter({ formal_notice: sent, escalation: sent })).toBe('escalated');
  });

  it('should not count a claim in flight, released or of unknown outcome', () => {
    for (const state of ['claimed', 'released', 'unknown'])
      expect(statusAfter({ first_reminder: { state }, formal_notice: { state } })).toBe('scheduled');
  });

  it('should ignore the thank-you and installment reminders', () => {
    expect(statusAfter({ thank_you: sent, installment_reminder: sent })).toBe('scheduled');
  });
});

describe('resumedStatus', () => {
  it('should go back to the furthest status reached', () => {
    expect(resumedStatus({ steps: {} })).toBe('scheduled');
    expect(resumedStatus({ steps: { courtesy_reminder: sent, first_reminder: sent } })).toBe('in_progress');
    expect(resumedStatus({ steps: { formal_notice: { state: 'sent' } } })).toBe('formal_notice_sent');
  });

  it('should agree with the send path after the courtesy reminder alone', () => {
    const steps = { courtesy_reminder: sent };
    expect(resumedStatus({ steps })).toBe(statusAfter(steps));
  });

  it('should resume a running payment plan, not the cadence', () => {
    expect(resumedStatus({ steps: { first_reminder: sent }, plan: { state: 'active' } })).toBe(
      'payment_plan',
    );
    expect(resumedStatus({ steps: { first_reminder: sent }, plan: { state: 'broken' } })).toBe('in_progress');
  });
});

describe('guards', () => {
  const statuses: readonly InvoiceStatus[] = INVOICE_STATUSES;

  it('should refuse to pause, cancel or re-open a paid or cancelled invoice', () => {
    for (const status of statuses) {
      const closed = status === 'paid' || status === 'cancelled';
      expect(isClosed(status)).toBe(closed);
      expect(canPause(status)).toBe(!closed);
      expect(canCancel(status)).toBe(!closed);
    }
  });

  it('should resume only a paused invoice', () => {
    expect(statuses.filter(canResume)).toEqual(['paused']);
  });

  it('should let cadence steps go only while the cadence runs', () => {
    expect(statuses.filter((status) => canSend('first_reminder', status))).toEqual([
      'scheduled',
      'in_progress',
      'formal_notice_sent',
      'escalated',
    ]);
  });

  it('should send the thank-you only when paid and installment reminders only under a plan', () => {
    expect(statuses.filter((status) => canSend('thank_you', status))).toEqual(['paid']);
    expect(statuses.filter((status) => canSend('installment_reminder', status))).toEqual(['payment_plan']);
  });

  it('should keep no message going out in a stopped status but the thank-you', () => {
    for (const status of STOPPED_STATUSES)
      for (const step of MESSAGE_STEPS)
        expect(canSend(step, status)).toBe(step === 'thank_you' && status === 'paid');
  });

  it('should halt a running execution on pause or cancellation, and take paid to the thank-you', () => {
    expect([...HALTING_STATUSES]).toEqual(['paused', 'cancelled']);
    expect([...CLOSED_STATUSES]).toEqual(['paid', 'cancelled']);
  });
});

describe('stoppedReason', () => {
  it('should name why the schedule does not run', () => {
    expect(INVOICE_STATUSES.map((status) => stoppedReason(status) ?? '-')).toEqual([
      '-',
      '-',
      'paused',
      'paid',
      '-',
      '-',
      'invoice_cancelled',
      'payment_plan',
    ]);
  });
});

describe('paymentHistory', () => {
  const paris = { timezone: 'Europe/Paris' };

  it('should count days late at payment, or so far, leaving out this invoice and cancelled ones', () => {
    const history = paymentHistory(
      [
        { invoiceId: 'self', dueDate: '2026-10-01', status: 'in_progress' },
        { invoiceId: 'a', dueDate: '2026-10-01', status: 'paid', paidAt: '2026-10-10T23:30:00Z' },
        { invoiceId: 'b', dueDate: '2026-11-01', status: 'in_progress' },
        { invoiceId: 'c', dueDate: '2026-09-01', status: 'cancelled' },
      ],
      'self',
      '2026-11-21',
      paris,
    );
    // 23:30 UTC is already the 11th in Paris.
    expect(history).toEqual([
      { settled: true, daysLate: 10 },
      { settled: false, daysLate: 20 },
    ]);
  });

  it('should count a paid invoice without a payment date as late until today', () => {
    expect(
      paymentHistory(
        [{ invoiceId: 'a', dueDate: '2026-11-01', status: 'paid' }],
        'self',
        '2026-11-03',
        paris,
      ),
    ).toEqual([{ settled: true, daysLate: 2 }]);
  });
});
