import { beforeAll, describe, expect, it } from 'vitest';
import { CADENCE_STEPS } from '../../functions/core/steps';
import { SEND_RATE_LIMITED_ERROR } from '../../functions/shared/workflow-errors';
import { type AslDefinition, stateMachineDefinition, synthesize } from './synth';

/** The rate-limited sending path: SES throttling retried for hours on every send task, nowhere else. */
describe('Workflow: sending under SES throttling', () => {
  let definition: AslDefinition;

  beforeAll(() => {
    definition = stateMachineDefinition(synthesize().json);
  });

  const lambdaTasks = () =>
    Object.entries(definition.States).filter(
      ([, state]) => state.Type === 'Task' && state.Resource?.endsWith(':lambda:invoke'),
    );

  it('should retry SendRateLimitedError with full jitter, a 5-minute cap and 99 attempts on every send task only', () => {
    const notSending = ['Plan schedule', 'Plan next installment step', 'Record failure'];
    const sendTasks = lambdaTasks().filter(([name]) => !notSending.includes(name));
    // The cadence's sends, the thank-you and the installment reminder.
    expect(sendTasks).toHaveLength(CADENCE_STEPS.length + 2);
    for (const [name, task] of lambdaTasks()) {
      const retrier = task.Retry?.find((candidate) =>
        candidate.ErrorEquals.includes(SEND_RATE_LIMITED_ERROR),
      );
      if (notSending.includes(name)) {
        expect(retrier, name).toBeUndefined();
        continue;
      }
      expect(retrier, name).toEqual({
        ErrorEquals: [SEND_RATE_LIMITED_ERROR],
        IntervalSeconds: 2,
        BackoffRate: 2,
        MaxDelaySeconds: 300,
        MaxAttempts: 99,
        JitterStrategy: 'FULL',
      });
      // Its own retrier: a throttled send never uses up the 6 attempts of the transient errors.
      expect(task.Retry?.[0]?.ErrorEquals, name).not.toContain(SEND_RATE_LIMITED_ERROR);
    }
  });

  it('should keep a throttled send retrying for hours, longer than a Monday window backlog (docs/capacity.md)', () => {
    // Delays before jitter: 2, 4, 8 … capped at 300 s; full jitter draws each in [0, delay], half on average.
    let longest = 0;
    for (let attempt = 0; attempt < 99; attempt += 1) longest += Math.min(2 * 2 ** attempt, 300);
    expect(longest / 3600).toBeGreaterThan(7.5);
    // A Monday at 20 000 invoices a day: 102 000 window sends at 14/s drain in about 2 hours.
    expect(longest / 2 / 3600).toBeGreaterThan(102_000 / 14 / 3600);
  });
});
