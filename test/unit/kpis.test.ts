import { describe, expect, it } from 'vitest';
import {
  aging,
  agingBucket,
  amicableRate,
  attributePayment,
  averageDaysLateAtPayment,
  deliverability,
  dsoDays,
  fullPaymentAt,
  type KpiInvoice,
  outstandingAt,
  overdueInvoices,
  type Period,
  ratio,
  recoveredByStep,
  responseRate,
  summarize,
} from '../../functions/core/kpis';
import { workedExample, workedExampleSummary } from '../fixtures/kpis';

const period: Period = { from: '2026-11-01', to: '2026-12-31', timezone: 'Europe/Paris' };
const [a, b, c, d] = workedExample as [KpiInvoice, KpiInvoice, KpiInvoice, KpiInvoice];

describe('summarize', () => {
  it('should give the hand-computed figures of the worked example', () => {
    expect(summarize(workedExample, period)).toEqual(workedExampleSummary);
  });

  it('should answer null rates, not zeros, when nothing was counted', () => {
    const empty = summarize([], period);
    expect(empty).toMatchObject({
      invoicesRegistered: 0,
      recoveredMinor: 0,
      amicableRate: null,
      averageDaysLateAtPayment: null,
      dsoDays: null,
      responseRate: null,
      bounceRate: null,
      complaintRate: null,
    });
  });
});

describe('attributePayment', () => {
  it('should attribute a payment to the last message sent strictly before it', () => {
    expect(attributePayment({ amountMinor: 1, paidAt: '2026-12-02T10:00:00Z' }, b.messages)).toBe(
      'first_reminder',
    );
    expect(attributePayment({ amountMinor: 1, paidAt: '2026-11-30T08:00:00.000Z' }, b.messages)).toBe(
      'courtesy_reminder',
    );
  });

  it('should attribute a payment made before any message to none', () => {
    expect(attributePayment({ amountMinor: 1, paidAt: '2026-11-05T10:00:00Z' }, c.messages)).toBe('none');
  });

  it('should use when the money was paid, not when it was recorded', () => {
    // Paid on 2026-11-29 by transfer, recorded after the first reminder of 11-30: the reminder did not cause it.
    expect(attributePayment({ amountMinor: 1, paidAt: '2026-11-29T15:00:00Z' }, c.messages)).toBe(
      'courtesy_reminder',
    );
  });

  it('should count the escalation as a step when a payment follows it', () => {
    const escalated = [
      ...d.messages,
      { step: 'escalation' as const, messageId: 'x', sentAt: '2026-12-30T08:00:00Z' },
    ];
    expect(attributePayment({ amountMinor: 1, paidAt: '2027-01-04T08:00:00Z' }, escalated)).toBe(
      'escalation',
    );
  });
});

describe('recoveredByStep', () => {
  it('should split partial payments between the steps that preceded each', () => {
    const partial: KpiInvoice = {
      ...d,
      payments: [
        { amountMinor: 150_000, paidAt: '2026-12-01T09:00:00Z' },
        { amountMinor: 250_000, paidAt: '2026-12-22T09:00:00Z' },
      ],
    };
    expect(recoveredByStep([partial], period)).toMatchObject({
      first_reminder: 150_000,
      formal_notice: 250_000,
    });
  });

  it('should leave out payments outside the period, by the seller calendar day', () => {
    // 2026-11-30T23:30Z is already 1 December in Paris.
    const late: KpiInvoice = { ...d, payments: [{ amountMinor: 5, paidAt: '2026-11-30T23:30:00Z' }] };
    expect(recoveredByStep([late], { ...period, to: '2026-11-30' }).first_reminder).toBe(0);
    expect(recoveredByStep([late], { ...period, from: '2026-12-01' }).first_reminder).toBe(5);
  });
});

describe('fullPaymentAt', () => {
  it('should be the payment that covered the total, in paid order', () => {
    const paid: KpiInvoice = {
      ...d,
      payments: [
        { amountMinor: 300_000, paidAt: '2026-12-10T09:00:00Z' },
        { amountMinor: 100_000, paidAt: '2026-12-01T09:00:00Z' },
      ],
    };
    expect(fullPaymentAt(paid)).toBe('2026-12-10T09:00:00Z');
    expect(fullPaymentAt(d)).toBeUndefined();
  });
});

describe('overdueInvoices', () => {
  it('should count invoices still unpaid the day after their due date, when that day is in the period', () => {
    expect(overdueInvoices(workedExample, period)).toBe(3);
    expect(overdueInvoices(workedExample, { ...period, from: '2026-11-22' })).toBe(0);
  });

  it('should not count an invoice cancelled by its due date', () => {
    expect(overdueInvoices([{ ...d, cancelledAt: '2026-11-19T10:00:00Z' }], period)).toBe(0);
  });
});

describe('amicableRate', () => {
  it('should count invoices closed in the period: paid before the notice is amicable, the notice closes the rest', () => {
    expect(amicableRate(workedExample, period)).toBe(0.3333);
  });

  it('should leave out invoices paid by their due date and invoices still open without a notice', () => {
    expect(amicableRate([a], period)).toBeNull();
    expect(amicableRate([b], { ...period, to: '2026-12-01' })).toBeNull();
  });
});

describe('averageDaysLateAtPayment', () => {
  it('should average full-payment day minus due date, early payments negative', () => {
    // (-5 + 12 + 33) / 3 = 13.33…
    expect(averageDaysLateAtPayment(workedExample, period)).toBe(13.3);
    expect(averageDaysLateAtPayment([a], period)).toBe(-5);
  });
});

describe('aging', () => {
  it('should put each outstanding balance in its bucket of days past due', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(agingBucket)).toEqual([
      'not_due',
      '1-30',
      '1-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '90+',
    ]);
  });

  it('should age the worked example on 2026-12-01: B, C and D 11 days past due, A paid', () => {
    expect(aging(workedExample, '2026-12-01', 'Europe/Paris')).toEqual({
      asOf: '2026-12-01',
      buckets: [
        { bucket: 'not_due', count: 0, balanceMinor: 0 },
        { bucket: '1-30', count: 3, balanceMinor: 900_000 },
        { bucket: '31-60', count: 0, balanceMinor: 0 },
        { bucket: '61-90', count: 0, balanceMinor: 0 },
        { bucket: '90+', count: 0, balanceMinor: 0 },
      ],
      totalMinor: 900_000,
    });
  });

  it('should count partial payments made by the date and nothing issued after it', () => {
    const partial: KpiInvoice = {
      ...d,
      payments: [{ amountMinor: 150_000, paidAt: '2026-12-01T09:00:00Z' }],
    };
    expect(outstandingAt(partial, '2026-11-30', 'Europe/Paris')).toBe(400_000);
    expect(outstandingAt(partial, '2026-12-01', 'Europe/Paris')).toBe(250_000);
    expect(outstandingAt(partial, '2026-10-20', 'Europe/Paris')).toBe(0);
    expect(outstandingAt({ ...d, cancelledAt: '2026-12-05T10:00:00Z' }, '2026-12-05', 'Europe/Paris')).toBe(
      0,
    );
  });
});

describe('dsoDays', () => {
  it('should divide the outstanding by what was invoiced over the last 90 days, times 90', () => {
    // 4 000 € outstanding ÷ 10 000 € invoiced × 90 = 36 days.
    expect(dsoDays(workedExample, '2026-12-31', 'Europe/Paris')).toBe(36);
    // 2027-01-19: the invoices of 2026-10-21 left the 90-day window.
    expect(dsoDays(workedExample, '2027-01-19', 'Europe/Paris')).toBeNull();
  });
});

describe('responseRate', () => {
  it('should count messages followed within 7 days by a payment', () => {
    // 11 customer messages; A's courtesy, B's first reminder and C's notice were followed by a payment.
    expect(responseRate(workedExample, period)).toBe(0.2727);
  });

  it('should count a customer reply as a response, and only within 7 days', () => {
    const replied: KpiInvoice = { ...d, repliedAt: ['2026-12-14T08:00:00.000Z'] };
    // Second reminder 12-07 08:00 + 7 days = 12-14 08:00 exactly: inside.
    expect(responseRate([replied], period)).toBe(0.25);
    expect(responseRate([{ ...d, repliedAt: ['2026-12-14T08:00:01Z'] }], period)).toBe(0);
  });

  it('should count one message covering several invoices once', () => {
    const shared = { step: 'first_reminder' as const, messageId: 'M1', sentAt: '2026-11-30T08:00:00Z' };
    const one: KpiInvoice = { ...d, invoiceId: 'X', messages: [shared] };
    const two: KpiInvoice = { ...b, invoiceId: 'Y', messages: [shared] };
    expect(responseRate([one, two], period)).toBe(1);
  });
});

describe('deliverability', () => {
  it('should rate hard bounces and complaints per customer message, escalations excluded', () => {
    const bounced: KpiInvoice = {
      ...d,
      messages: [...d.messages, { step: 'escalation', messageId: 'E', sentAt: '2026-12-30T08:00:00Z' }],
      bouncedMessageIds: ['D-courtesy_reminder'],
      complainedMessageIds: ['D-first_reminder'],
    };
    expect(deliverability([bounced], period)).toEqual({ messages: 4, bounceRate: 0.25, complaintRate: 0.25 });
  });
});

describe('ratio', () => {
  it('should round to four decimals so that 0.05 % survives', () => {
    expect(ratio(1, 2000)).toBe(0.0005);
    expect(ratio(1, 0)).toBeNull();
  });
});
