import { describe, expect, it } from 'vitest';
import { DEFAULT_SEND_WINDOW } from '../../functions/core/calendar';
import {
  addBusinessDays,
  parseReplyForm,
  type ReplyForm,
  replyEffect,
  supersedesPause,
} from '../../functions/core/replies';

const TODAY = '2026-11-12'; // a Thursday

function parsed(body: string): ReplyForm {
  const result = parseReplyForm(body, TODAY);
  if (!result.ok) throw new Error(`refused: ${result.fields.join(', ')}`);
  return result.reply;
}

describe('reply forms', () => {
  it('should read each action with its fields, empty optional fields meaning "not given"', () => {
    expect(parsed('action=paid&paidOn=&reference=')).toEqual({ action: 'paid' });
    expect(parsed('action=paid&paidOn=2026-11-10&reference=VIR+42')).toEqual({
      action: 'paid',
      paidOn: '2026-11-10',
      reference: 'VIR 42',
    });
    expect(parsed('action=promise&promisedOn=2026-12-12')).toEqual({
      action: 'promise',
      promisedOn: '2026-12-12',
    });
    expect(parsed('action=dispute&reason=defective&message=Cass%C3%A9%0Aen+deux')).toEqual({
      action: 'dispute',
      reason: 'defective',
      message: 'Cassé\nen deux',
    });
    expect(parsed('action=plan&installments=6')).toEqual({ action: 'plan', installments: 6 });
    expect(parsed('action=question&message=Par+carte+%3F')).toEqual({
      action: 'question',
      message: 'Par carte ?',
    });
  });

  it('should name the refused fields', () => {
    const cases: [string, string[]][] = [
      ['action=refund', ['action']],
      ['', ['action']],
      ['action=paid&action=paid', ['action']],
      ['action=paid&paidOn=2026-11-13', ['paidOn']],
      ['action=paid&paidOn=2026-02-30', ['paidOn']],
      ['action=paid&reference=a%0Ab', ['reference']],
      ['action=promise&promisedOn=2026-11-11', ['promisedOn']],
      ['action=promise&promisedOn=2026-12-13', ['promisedOn']],
      ['action=promise', ['promisedOn']],
      ['action=dispute&reason=bored', ['reason']],
      [`action=dispute&reason=other&message=${'x'.repeat(2001)}`, ['message']],
      ['action=dispute&reason=other&message=%00', ['message']],
      ['action=plan&installments=7', ['installments']],
      ['action=plan&installments=1', ['installments']],
      ['action=plan&installments=2.5', ['installments']],
      ['action=question&message=', ['message']],
      ['action=question&message=hi&status=paid', ['']],
    ];
    for (const [body, fields] of cases) {
      const result = parseReplyForm(body, TODAY);
      expect(result.ok, body).toBe(false);
      if (!result.ok && fields[0] !== '') expect(result.fields, body).toEqual(fields);
    }
  });
});

describe('reply effects', () => {
  it('should count business days over weekends and French public holidays', () => {
    expect(addBusinessDays(TODAY, 5, DEFAULT_SEND_WINDOW)).toBe('2026-11-19');
    // Friday 6 November + 3: Mon 9, Tue 10, Thu 12 (Wednesday 11 November is a public holiday).
    expect(addBusinessDays('2026-11-06', 3, DEFAULT_SEND_WINDOW)).toBe('2026-11-12');
    // Even when the seller sends every day, a pause counts business days.
    expect(addBusinessDays(TODAY, 1, { ...DEFAULT_SEND_WINDOW, businessDaysOnly: false })).toBe('2026-11-13');
  });

  it('should pause as each answer says', () => {
    const effect = (reply: ReplyForm) => replyEffect(reply, TODAY, DEFAULT_SEND_WINDOW);
    expect(effect({ action: 'paid' })).toEqual({
      pause: { reason: 'payment_declared', until: '2026-11-19' },
      notifySeller: true,
    });
    // Promised on Friday 11 December → resumes Monday 14.
    expect(effect({ action: 'promise', promisedOn: '2026-12-11' })).toEqual({
      pause: { reason: 'promise_to_pay', until: '2026-12-14' },
      notifySeller: false,
    });
    expect(effect({ action: 'dispute', reason: 'other' })).toEqual({
      pause: { reason: 'dispute' },
      notifySeller: true,
    });
    expect(effect({ action: 'plan', installments: 3 })).toEqual({
      pause: { reason: 'payment_plan' },
      notifySeller: true,
    });
    expect(effect({ action: 'question', message: '?' })).toEqual({ notifySeller: true });
  });

  it('should never lift an open-ended pause nor shorten a dated one', () => {
    expect(supersedesPause(undefined, { until: '2026-11-19' })).toBe(true);
    expect(supersedesPause({}, { until: '2026-11-19' })).toBe(false);
    expect(supersedesPause({ until: '2026-11-19' }, {})).toBe(true);
    expect(supersedesPause({ until: '2026-11-19' }, { until: '2026-11-26' })).toBe(true);
    expect(supersedesPause({ until: '2026-11-26' }, { until: '2026-11-19' })).toBe(false);
  });
});
