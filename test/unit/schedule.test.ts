import { describe, expect, it } from 'vitest';
import { addDays, DEFAULT_SEND_WINDOW, localDate, type SendWindow } from '../../functions/core/calendar';
import { isLegalBusinessDay } from '../../functions/core/legal-calendar';
import {
  type Cadence,
  cadenceProblems,
  DEFAULT_CADENCE,
  latestAcceptableDueDate,
  type PlannedStep,
  type PlanRequest,
  planSchedule,
} from '../../functions/core/schedule';

function plan(overrides: Partial<PlanRequest> & Pick<PlanRequest, 'dueDate' | 'now'>): PlannedStep[] {
  return planSchedule({
    cadence: DEFAULT_CADENCE,
    sendWindow: DEFAULT_SEND_WINDOW,
    mode: 'start',
    ...overrides,
  });
}

/** `{step: at}` for planned steps and `{step: "skipped:<reason>"}` for the others: readable diffs. */
function summary(steps: PlannedStep[]): Record<string, string> {
  return Object.fromEntries(
    steps.map((s) => [s.step, s.state === 'planned' ? s.at : `skipped:${s.reason}`] as [string, string]),
  );
}

describe('planSchedule', () => {
  it('should hold the worked example of the design (due Friday 2026-11-20, registered 2026-11-02)', () => {
    const steps = plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z') });
    expect(summary(steps)).toEqual({
      courtesy_reminder: '2026-11-12T08:00:00.000Z',
      first_reminder: '2026-11-30T08:00:00.000Z',
      second_reminder: '2026-12-07T08:00:00.000Z',
      formal_notice: '2026-12-21T08:00:00.000Z',
      escalation: '2026-12-30T08:00:00.000Z',
    });
    expect(steps.every((s) => s.state === 'planned' && s.reason === undefined)).toBe(true);
    expect(steps.find((s) => s.step === 'formal_notice')?.deadline).toBe('2026-12-29');
  });

  describe('public holidays (FR, from date-holidays)', () => {
    it('should move a reminder falling on Christmas Day to the next business day', () => {
      // Due Thursday 2026-12-17: J+8 is Friday 25 December → Monday 28.
      const steps = summary(plan({ dueDate: '2026-12-17', now: new Date('2026-12-01T10:00:00Z') }));
      expect(steps.first_reminder).toBe('2026-12-28T08:00:00.000Z');
    });

    it('should skip New Year’s Day and the weekend after it', () => {
      // Due Thursday 2026-12-24: J+8 is Friday 1 January 2027 → Monday 4 January.
      const steps = summary(plan({ dueDate: '2026-12-24', now: new Date('2026-12-01T10:00:00Z') }));
      expect(steps.first_reminder).toBe('2027-01-04T08:00:00.000Z');
    });

    it('should not send on 1 May (Labour Day) and use the summer-time hour after it', () => {
      // Due Thursday 2026-04-23: J+8 is Friday 1 May → Monday 4 May, 09:00 CEST = 07:00Z.
      const steps = summary(plan({ dueDate: '2026-04-23', now: new Date('2026-04-01T10:00:00Z') }));
      expect(steps.first_reminder).toBe('2026-05-04T07:00:00.000Z');
    });

    it('should not send on Easter Monday, Ascension Day or Whit Monday', () => {
      const now = new Date('2026-03-01T10:00:00Z');
      // Easter Monday 2026-04-06, Ascension Thursday 2026-05-14, Whit Monday 2026-05-25.
      expect(summary(plan({ dueDate: '2026-03-29', now })).first_reminder).toBe('2026-04-07T07:00:00.000Z');
      expect(summary(plan({ dueDate: '2026-05-06', now })).first_reminder).toBe('2026-05-15T07:00:00.000Z');
      expect(summary(plan({ dueDate: '2026-05-17', now })).first_reminder).toBe('2026-05-26T07:00:00.000Z');
    });

    it('should honour regional calendars such as Alsace-Moselle (Good Friday, 26 December)', () => {
      const window: SendWindow = { ...DEFAULT_SEND_WINDOW, holidays: 'FR-57' };
      // J+8 of 2026-03-26 is Good Friday 2026-04-03: a holiday in Moselle only.
      const moselle = summary(
        plan({ dueDate: '2026-03-26', now: new Date('2026-03-01T10:00:00Z'), sendWindow: window }),
      );
      const national = summary(plan({ dueDate: '2026-03-26', now: new Date('2026-03-01T10:00:00Z') }));
      expect(national.first_reminder).toBe('2026-04-03T07:00:00.000Z');
      expect(moselle.first_reminder).toBe('2026-04-07T07:00:00.000Z');
    });

    it('should send on weekends and holidays when the seller turns business days off', () => {
      const window: SendWindow = { ...DEFAULT_SEND_WINDOW, businessDaysOnly: false };
      const steps = summary(
        plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z'), sendWindow: window }),
      );
      expect(steps.first_reminder).toBe('2026-11-28T08:00:00.000Z');
    });
  });

  describe('daylight saving time', () => {
    it('should keep 09:00 Paris time across the last Sunday of March', () => {
      // Due Sunday 2026-03-22: courtesy J-8 Saturday 14 → Monday 16 (CET, 08:00Z); first J+8 Monday 30 (CEST, 07:00Z).
      const steps = summary(plan({ dueDate: '2026-03-22', now: new Date('2026-03-01T10:00:00Z') }));
      expect(steps.courtesy_reminder).toBe('2026-03-16T08:00:00.000Z');
      expect(steps.first_reminder).toBe('2026-03-30T07:00:00.000Z');
    });

    it('should keep 09:00 Paris time across the last Sunday of October', () => {
      // Due Saturday 2026-10-17: courtesy Friday 9 (CEST, 07:00Z); first J+8 Sunday 25 (DST ends) → Monday 26 (CET, 08:00Z).
      const steps = summary(plan({ dueDate: '2026-10-17', now: new Date('2026-10-01T10:00:00Z') }));
      expect(steps.courtesy_reminder).toBe('2026-10-09T07:00:00.000Z');
      expect(steps.first_reminder).toBe('2026-10-26T08:00:00.000Z');
    });

    it('should use the seller’s own time zone and hour', () => {
      const window: SendWindow = {
        timezone: 'America/Martinique',
        hour: 8,
        businessDaysOnly: true,
        holidays: 'FR-MQ',
      };
      const steps = summary(
        plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z'), sendWindow: window }),
      );
      // 08:00 in Martinique (UTC-4, no DST) is 12:00Z.
      expect(steps.courtesy_reminder).toBe('2026-11-12T12:00:00.000Z');
      expect(steps.first_reminder).toBe('2026-11-30T12:00:00.000Z');
    });
  });

  describe('leap years', () => {
    it('should send on 29 February 2028 when J+8 falls on it', () => {
      const steps = summary(plan({ dueDate: '2028-02-21', now: new Date('2028-02-01T10:00:00Z') }));
      expect(steps.first_reminder).toBe('2028-02-29T08:00:00.000Z');
      expect(steps.second_reminder).toBe('2028-03-07T08:00:00.000Z');
    });

    it('should count 29 February as a day of the cadence', () => {
      // Due Tuesday 2028-02-22: J+15 is 2028-03-08 (not 03-09 as in a common year).
      const steps = summary(plan({ dueDate: '2028-02-22', now: new Date('2028-02-01T10:00:00Z') }));
      expect(steps.second_reminder).toBe('2028-03-08T08:00:00.000Z');
    });
  });

  describe('late registration', () => {
    it('should plan the courtesy reminder today when registered at 08:59 Paris time on J-8', () => {
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-11-12T07:59:00Z') }));
      expect(steps.courtesy_reminder).toBe('2026-11-12T08:00:00.000Z');
    });

    it('should plan the courtesy reminder the next business day when registered at 09:01 on J-8', () => {
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-11-12T08:01:00Z') }));
      expect(steps.courtesy_reminder).toBe('2026-11-13T08:00:00.000Z');
      expect(steps.first_reminder).toBe('2026-11-30T08:00:00.000Z');
    });

    it('should skip the courtesy reminder when the next window is the due date itself', () => {
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-11-19T10:00:00Z') }));
      expect(steps.courtesy_reminder).toBe('skipped:registered_late');
      expect(steps.first_reminder).toBe('2026-11-30T08:00:00.000Z');
    });

    it('should keep the natural dates when the first reminder is still ahead', () => {
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-11-25T10:00:00Z') }));
      expect(steps).toEqual({
        courtesy_reminder: 'skipped:registered_late',
        first_reminder: '2026-11-30T08:00:00.000Z',
        second_reminder: '2026-12-07T08:00:00.000Z',
        formal_notice: '2026-12-21T08:00:00.000Z',
        escalation: '2026-12-30T08:00:00.000Z',
      });
    });

    it('should send the first reminder at the next window and keep the gaps after it (no burst)', () => {
      // Registered Wednesday 2026-12-02 at 11:00 Paris (J+12): first Thursday 3, second +7 = Thursday 10,
      // formal notice +15 = Friday 25 (Christmas) → Monday 28, deadline +8 = Tuesday 2027-01-05,
      // escalation the day after.
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-12-02T10:00:00Z') }));
      expect(steps).toEqual({
        courtesy_reminder: 'skipped:registered_late',
        first_reminder: '2026-12-03T08:00:00.000Z',
        second_reminder: '2026-12-10T08:00:00.000Z',
        formal_notice: '2026-12-28T08:00:00.000Z',
        escalation: '2027-01-06T08:00:00.000Z',
      });
    });

    it('should send the first reminder the same morning when registered before the window opens', () => {
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-12-02T07:30:00Z') }));
      expect(steps.first_reminder).toBe('2026-12-02T08:00:00.000Z');
    });

    it('should never plan two steps in the past, even months late', () => {
      const now = new Date('2027-03-10T15:00:00Z');
      const steps = plan({ dueDate: '2026-11-20', now });
      const planned = steps.filter((s) => s.state === 'planned');
      expect(planned.map((s) => s.step)).toEqual([
        'first_reminder',
        'second_reminder',
        'formal_notice',
        'escalation',
      ]);
      for (const step of planned) expect(new Date(step.at).getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(summary(steps).first_reminder).toBe('2027-03-11T08:00:00.000Z');
    });
  });

  describe('resume after a pause', () => {
    const done = {
      courtesy_reminder: { at: '2026-11-12T08:00:00.000Z' },
      first_reminder: { at: '2026-11-30T08:00:00.000Z' },
    };

    it('should mark sent steps and resume at the next window with the seller’s gaps', () => {
      // Resumed Tuesday 2026-12-15 at 15:00 Paris: second Wednesday 16, formal +15 Thursday 31, deadline
      // +8 Friday 2027-01-08, escalation the next business day, Monday 11.
      const steps = summary(
        plan({ dueDate: '2026-11-20', now: new Date('2026-12-15T14:00:00Z'), mode: 'resume', done }),
      );
      expect(steps).toEqual({
        courtesy_reminder: 'skipped:already_sent',
        first_reminder: 'skipped:already_sent',
        second_reminder: '2026-12-16T08:00:00.000Z',
        formal_notice: '2026-12-31T08:00:00.000Z',
        escalation: '2027-01-11T08:00:00.000Z',
      });
    });

    it('should keep the natural dates when resumed before the next step was due', () => {
      const steps = summary(
        plan({ dueDate: '2026-11-20', now: new Date('2026-12-03T10:00:00Z'), mode: 'resume', done }),
      );
      expect(steps.second_reminder).toBe('2026-12-07T08:00:00.000Z');
      expect(steps.formal_notice).toBe('2026-12-21T08:00:00.000Z');
    });

    it('should skip a courtesy reminder missed during the pause once the due date has come', () => {
      const steps = summary(
        plan({ dueDate: '2026-11-20', now: new Date('2026-11-24T10:00:00Z'), mode: 'resume' }),
      );
      expect(steps.courtesy_reminder).toBe('skipped:missed_during_pause');
      expect(steps.first_reminder).toBe('2026-11-30T08:00:00.000Z');
    });

    it('should keep the original time of a sent step in the plan', () => {
      const steps = plan({
        dueDate: '2026-11-20',
        now: new Date('2026-12-15T14:00:00Z'),
        mode: 'resume',
        done,
      });
      expect(steps[1]).toEqual({
        step: 'first_reminder',
        at: '2026-11-30T08:00:00.000Z',
        state: 'skipped',
        reason: 'already_sent',
      });
    });
  });

  describe('escalation after the formal notice’s deadline', () => {
    it('should never escalate on or before the deadline, for every due date of 2026–2028', () => {
      let count = 0;
      for (let day = new Date('2026-01-01T00:00:00Z'); day < new Date('2029-01-01T00:00:00Z'); ) {
        const dueDate = day.toISOString().slice(0, 10);
        const steps = plan({ dueDate, now: new Date(`${addDays(dueDate, -40)}T06:00:00Z`) });
        const notice = steps.find((s) => s.step === 'formal_notice') as PlannedStep;
        const escalation = steps.find((s) => s.step === 'escalation') as PlannedStep;
        const deadline = notice.deadline as string;
        const escalationDay = localDate(new Date(escalation.at), DEFAULT_SEND_WINDOW);
        expect(deadline >= addDays(localDate(new Date(notice.at), DEFAULT_SEND_WINDOW), 8), dueDate).toBe(
          true,
        );
        expect(isLegalBusinessDay(deadline, 'FR'), dueDate).toBe(true);
        expect(escalationDay > deadline, dueDate).toBe(true);
        expect(isLegalBusinessDay(escalationDay, 'FR'), dueDate).toBe(true);
        // The first business day after the deadline: nothing in between is a business day.
        for (let between = addDays(deadline, 1); between < escalationDay; between = addDays(between, 1)) {
          expect(isLegalBusinessDay(between, 'FR'), dueDate).toBe(false);
        }
        count += 1;
        day = new Date(day.getTime() + 86_400_000);
      }
      expect(count).toBe(1096);
    });

    it('should plan the escalation from the notice’s actual send date once it is sent', () => {
      // The notice planned Monday 21 December went out Friday 2027-01-08 (after a pause): deadline Monday 18.
      const steps = summary(
        plan({
          dueDate: '2026-11-20',
          now: new Date('2027-01-08T09:00:00Z'),
          mode: 'resume',
          done: {
            courtesy_reminder: { at: '2026-11-12T08:00:00.000Z' },
            first_reminder: { at: '2026-11-30T08:00:00.000Z' },
            second_reminder: { at: '2026-12-07T08:00:00.000Z' },
            formal_notice: { at: '2027-01-08T08:00:00.000Z' },
          },
        }),
      );
      expect(steps.escalation).toBe('2027-01-19T08:00:00.000Z');
    });

    it('should escalate at the next window when resumed after the deadline has long passed', () => {
      const steps = summary(
        plan({
          dueDate: '2026-11-20',
          now: new Date('2027-02-10T14:00:00Z'),
          mode: 'resume',
          done: { formal_notice: { at: '2026-12-21T08:00:00.000Z' } },
        }),
      );
      expect(steps.escalation).toBe('2027-02-11T08:00:00.000Z');
    });

    it('should give the notice the seller’s noticeDeadlineDays', () => {
      const cadence: Cadence = { ...DEFAULT_CADENCE, noticeDeadlineDays: 15 };
      const steps = plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z'), cadence });
      // Notice Monday 21 December + 15 = Tuesday 5 January 2027.
      expect(steps.find((s) => s.step === 'formal_notice')?.deadline).toBe('2027-01-05');
      expect(summary(steps).escalation).toBe('2027-01-06T08:00:00.000Z');
    });
  });

  describe('one message per day', () => {
    it('should move a step that lands on the same day as the previous one to the next business day', () => {
      // J+8 (Saturday) and J+9 (Sunday) both move to Monday 30: the second reminder goes on Tuesday.
      const cadence: Cadence = { ...DEFAULT_CADENCE, firstReminder: 8, secondReminder: 9 };
      const steps = summary(plan({ dueDate: '2026-11-20', now: new Date('2026-11-02T10:00:00Z'), cadence }));
      expect(steps.first_reminder).toBe('2026-11-30T08:00:00.000Z');
      expect(steps.second_reminder).toBe('2026-12-01T08:00:00.000Z');
    });

    it('should give every planned step its own local day, whatever the registration time', () => {
      for (let day = 0; day < 60; day += 1) {
        const now = new Date(Date.UTC(2026, 10, 1, 7 + (day % 3), 30) + day * 86_400_000);
        const days = plan({ dueDate: '2026-11-20', now })
          .filter((s) => s.state === 'planned')
          .map((s) => s.at.slice(0, 10));
        expect(new Set(days).size).toBe(days.length);
      }
    });
  });
});

describe('cadenceProblems', () => {
  it('should accept the default cadence', () => {
    expect(cadenceProblems(DEFAULT_CADENCE)).toEqual([]);
  });

  it('should reject offsets that are not strictly increasing', () => {
    expect(cadenceProblems({ ...DEFAULT_CADENCE, secondReminder: 8 })).toEqual([
      'secondReminder (8) must be after firstReminder (8)',
    ]);
  });

  it('should refuse a notice deadline shorter than 8 days', () => {
    expect(cadenceProblems({ ...DEFAULT_CADENCE, noticeDeadlineDays: 7 })).toEqual([
      'noticeDeadlineDays must be at least 8 days',
    ]);
  });

  it('should require the courtesy reminder before the due date and the first reminder after it', () => {
    expect(cadenceProblems({ ...DEFAULT_CADENCE, courtesyReminder: 0, firstReminder: 0 })).toContain(
      'courtesyReminder must be before the due date (negative)',
    );
  });
});

describe('latestAcceptableDueDate', () => {
  it('should leave room for the whole cadence inside the one-year execution limit', () => {
    const latest = latestAcceptableDueDate(
      new Date('2026-11-02T10:00:00Z'),
      DEFAULT_CADENCE,
      DEFAULT_SEND_WINDOW,
    );
    // 2026-11-02 + (365 - 20 days of margin - (30 + 8 + 1) days of cadence) days.
    expect(latest).toBe('2027-09-04');
    const steps = plan({ dueDate: latest, now: new Date('2026-11-02T10:00:00Z') });
    const last = new Date(steps.at(-1)?.at ?? '');
    expect(last.getTime() - Date.parse('2026-11-02T10:00:00Z')).toBeLessThan(365 * 86_400_000);
  });
});
