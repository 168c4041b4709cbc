import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_WINDOW, localDate, type SendWindow } from '../../functions/core/calendar';
import { isLegalBusinessDay } from '../../functions/core/legal-calendar';
import { DEFAULT_CADENCE, type PlanRequest, planSchedule } from '../../functions/core/schedule';
import { sellerSchema } from '../../functions/core/schemas';
import { maxSpreadMinutes, sendSlot, spreadMinute } from '../../functions/core/spread';
import { atelierDupont } from '../fixtures/sellers';

const key = { sellerId: 'atelier-dupont', customerId: 'C-042' };

function plan(overrides: Partial<PlanRequest> & Pick<PlanRequest, 'dueDate' | 'now'>) {
  return planSchedule({
    cadence: DEFAULT_CADENCE,
    sendWindow: DEFAULT_SEND_WINDOW,
    mode: 'start',
    spreadKey: key,
    ...overrides,
  });
}

/** `HH:mm` in Paris of an ISO instant. */
function parisTime(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

describe('spreadMinute', () => {
  it('should be stable for one seller and customer (a re-plan lands on the same minute)', () => {
    // Pinned: changing the hash would move every planned send of every customer.
    expect(spreadMinute(60, key)).toBe(spreadMinute(60, { ...key }));
    expect(spreadMinute(60, key)).toMatchInlineSnapshot(`29`);
  });

  it('should stay inside [0, spreadMinutes) and be 0 without a spread', () => {
    for (let index = 0; index < 500; index += 1) {
      const minute = spreadMinute(45, { sellerId: 's', customerId: `C-${index}` });
      expect(minute).toBeGreaterThanOrEqual(0);
      expect(minute).toBeLessThan(45);
    }
    expect(spreadMinute(0, key)).toBe(0);
    expect(spreadMinute(1, key)).toBe(0);
  });

  it('should spread sequential customer ids evenly over the window', () => {
    const perMinute = new Array<number>(60).fill(0);
    for (let index = 0; index < 12_000; index += 1) {
      const minute = spreadMinute(60, { sellerId: 'big-seller', customerId: `C-${index}` });
      perMinute[minute] = (perMinute[minute] ?? 0) + 1;
    }
    // 200 per minute on average; a uniform hash stays well within ±30 %.
    expect(Math.min(...perMinute)).toBeGreaterThan(140);
    expect(Math.max(...perMinute)).toBeLessThan(260);
  });

  it('should depend on the seller too (two sellers’ customer C-1 need not share a minute)', () => {
    const minutes = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((sellerId) => spreadMinute(60, { sellerId, customerId: 'C-1' })),
    );
    expect(minutes.size).toBeGreaterThan(1);
  });
});

describe('sendSlot', () => {
  it('should default to a 60-minute window when the profile predates the setting', () => {
    const { spreadMinutes: _omitted, ...legacy } = DEFAULT_SEND_WINDOW;
    expect(sendSlot(legacy, key).minute).toBe(spreadMinute(60, key));
  });
});

describe('planSchedule with a spread', () => {
  const minute = spreadMinute(60, key);
  const hhmm = `09:${String(minute).padStart(2, '0')}`;

  it('should send every step at the customer’s minute of the window, on the worked example’s days', () => {
    const steps = plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z') });
    expect(
      steps.map((s) => [s.step, localDate(new Date(s.at), DEFAULT_SEND_WINDOW), parisTime(s.at)]),
    ).toEqual([
      ['courtesy_reminder', '2026-11-12', hhmm],
      ['first_reminder', '2026-11-30', hhmm],
      ['second_reminder', '2026-12-07', hhmm],
      ['formal_notice', '2026-12-21', hhmm],
      ['escalation', '2026-12-30', hhmm],
    ]);
    expect(steps.find((s) => s.step === 'formal_notice')?.deadline).toBe('2026-12-29');
  });

  it('should give two invoices of one customer the same minutes (one message per customer per day stays possible)', () => {
    const now = new Date('2026-11-02T10:00:00Z');
    const first = plan({ dueDate: '2026-11-20', now });
    const second = plan({ dueDate: '2026-11-20', now, cadence: { ...DEFAULT_CADENCE } });
    expect(second.map((s) => s.at)).toEqual(first.map((s) => s.at));
  });

  it('should keep the plain opening with spreadMinutes 0', () => {
    const window: SendWindow = { ...DEFAULT_SEND_WINDOW, spreadMinutes: 0 };
    const steps = plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z'), sendWindow: window });
    expect(steps[0]?.at).toBe('2026-11-12T08:00:00.000Z');
  });

  it('should never move a send to a non-business day', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    for (let index = 0; index < 40; index += 1) {
      const dueDate = `2026-0${1 + (index % 9)}-${String(10 + index / 3).slice(0, 2)}`;
      const customerKey = { sellerId: 'atelier-dupont', customerId: `C-${index}` };
      for (const step of plan({ dueDate, now, spreadKey: customerKey })) {
        expect(isLegalBusinessDay(localDate(new Date(step.at), DEFAULT_SEND_WINDOW), 'FR')).toBe(true);
      }
    }
  });

  it('should keep the local minute across both daylight-saving changes (fake clock, every day a sending day)', () => {
    const window: SendWindow = { ...DEFAULT_SEND_WINDOW, businessDaysOnly: false, holidays: 'none' };
    // J+8 of 2026-03-21 is Sunday 29 March (summer time starts); of 2026-10-17 Sunday 25 October (it ends).
    const spring = plan({ dueDate: '2026-03-21', now: new Date('2026-03-01T10:00:00Z'), sendWindow: window });
    const autumn = plan({ dueDate: '2026-10-17', now: new Date('2026-10-01T10:00:00Z'), sendWindow: window });
    const springFirst = spring.find((s) => s.step === 'first_reminder')?.at as string;
    const autumnFirst = autumn.find((s) => s.step === 'first_reminder')?.at as string;
    expect(springFirst).toBe(`2026-03-29T07:${String(minute).padStart(2, '0')}:00.000Z`);
    expect(autumnFirst).toBe(`2026-10-25T08:${String(minute).padStart(2, '0')}:00.000Z`);
    expect(parisTime(springFirst)).toBe(hhmm);
    expect(parisTime(autumnFirst)).toBe(hhmm);
  });

  it('should send today when registered late but before the customer’s minute, else on the next sending day', () => {
    // Registered on J+8 (Monday 2026-11-30) during the window: before or after the customer's minute.
    const before = plan({ dueDate: '2026-11-22', now: new Date(`2026-11-30T08:00:00.000Z`) });
    const after = plan({
      dueDate: '2026-11-22',
      now: new Date(`2026-11-30T08:${String(minute).padStart(2, '0')}:01.000Z`),
    });
    expect(before.find((s) => s.step === 'first_reminder')?.at).toBe(
      `2026-11-30T08:${String(minute).padStart(2, '0')}:00.000Z`,
    );
    expect(after.find((s) => s.step === 'first_reminder')?.at).toBe(
      `2026-12-01T08:${String(minute).padStart(2, '0')}:00.000Z`,
    );
  });
});

describe('sellerSchema sendWindow.spreadMinutes', () => {
  it('should default to 60 and accept 0', () => {
    expect(sellerSchema.parse(atelierDupont).sendWindow.spreadMinutes).toBeTypeOf('number');
    const { sendWindow: _given, ...withoutWindow } = atelierDupont;
    expect(sellerSchema.parse(withoutWindow).sendWindow.spreadMinutes).toBe(60);
    const window = {
      timezone: 'Europe/Paris',
      hour: 9,
      businessDaysOnly: true,
      holidays: 'FR',
      spreadMinutes: 0,
    };
    expect(sellerSchema.parse({ ...atelierDupont, sendWindow: window }).sendWindow.spreadMinutes).toBe(0);
  });

  it('should reject a window running past midnight, a negative or a fractional spread', () => {
    const base = { timezone: 'Europe/Paris', hour: 23, businessDaysOnly: true, holidays: 'FR' };
    expect(maxSpreadMinutes(23)).toBe(60);
    expect(
      sellerSchema.safeParse({ ...atelierDupont, sendWindow: { ...base, spreadMinutes: 60 } }).success,
    ).toBe(true);
    for (const spreadMinutes of [61, -1, 1.5]) {
      const result = sellerSchema.safeParse({ ...atelierDupont, sendWindow: { ...base, spreadMinutes } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['sendWindow', 'spreadMinutes']);
    }
  });
});
