import { DateTime } from 'luxon';
import type { CfnTemplate, TokenResolver } from './cfn';
import type { LocalFunction } from './template';

/**
 * EventBridge Scheduler, locally: the template's `AWS::Scheduler::Schedule` resources fire their Lambda
 * target in virtual time. Supported expressions are what the stack uses — `cron(M H * * ? *)` (every
 * day at a fixed time, in `ScheduleExpressionTimezone`, UTC by default) and `rate(N minutes|hours|days)`;
 * anything else stops the start-up with a clear message rather than silently never firing.
 */

export class ScheduleExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleExpressionError';
  }
}

export interface LocalSchedule {
  readonly logicalId: string;
  readonly expression: string;
  readonly timezone: string;
  /** The target function's ARN, as the template resolves it. */
  readonly targetArn: string;
  readonly input: unknown;
  /** The first firing strictly after `afterMs`. */
  nextAfter(afterMs: number): number;
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function nextFunction(expression: string, timezone: string): (afterMs: number) => number {
  const cron = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression);
  if (cron) {
    const minute = Number(cron[1]);
    const hour = Number(cron[2]);
    return (afterMs) => {
      let candidate = DateTime.fromMillis(afterMs, { zone: timezone }).set({
        hour,
        minute,
        second: 0,
        millisecond: 0,
      });
      while (candidate.toMillis() <= afterMs) candidate = candidate.plus({ days: 1 }).set({ hour, minute });
      return candidate.toMillis();
    };
  }
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate) {
    const everyMs = Number(rate[1]) * (RATE_UNITS[rate[2] as string] as number);
    return (afterMs) => afterMs + everyMs;
  }
  throw new ScheduleExpressionError(
    `Schedule expression "${expression}" is not supported locally (use cron(M H * * ? *) or rate(N unit)).`,
  );
}

export function schedulesOf(template: CfnTemplate, resolver: TokenResolver): LocalSchedule[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Scheduler::Schedule')
    .filter(([, resource]) => (resource.Properties?.State ?? 'ENABLED') === 'ENABLED')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const expression = resolver.resolveString(
        properties.ScheduleExpression,
        `${logicalId}.ScheduleExpression`,
      );
      const timezone =
        properties.ScheduleExpressionTimezone === undefined
          ? 'UTC'
          : resolver.resolveString(
              properties.ScheduleExpressionTimezone,
              `${logicalId}.ScheduleExpressionTimezone`,
            );
      const target = (properties.Target ?? {}) as Record<string, unknown>;
      const input =
        target.Input === undefined
          ? {}
          : JSON.parse(resolver.resolveString(target.Input, `${logicalId}.Input`));
      return {
        logicalId,
        expression,
        timezone,
        targetArn: resolver.resolveString(target.Arn, `${logicalId}.Target.Arn`),
        input,
        nextAfter: nextFunction(expression, timezone),
      };
    });
}

/** Fires every schedule of the template in virtual time, for as long as the scheduler runs. */
export function armSchedules(
  template: CfnTemplate,
  model: { resolver: TokenResolver },
  runtime: {
    lambdas: {
      find(reference: string): LocalFunction | undefined;
      invoke(fn: LocalFunction, event: unknown): Promise<unknown>;
    };
    scheduler: { schedule(dueMs: number, action: () => Promise<void> | void): () => void };
    clock: { nowMs(): number };
  },
): LocalSchedule[] {
  const schedules = schedulesOf(template, model.resolver);
  for (const schedule of schedules) {
    const fn = runtime.lambdas.find(schedule.targetArn);
    if (!fn)
      throw new ScheduleExpressionError(
        `${schedule.logicalId} targets ${schedule.targetArn}, which is not a function of the template.`,
      );
    const arm = (afterMs: number) => {
      const dueMs = schedule.nextAfter(afterMs);
      runtime.scheduler.schedule(dueMs, async () => {
        // Re-armed first: a failing run (logged by the scheduler) never stops the next ones.
        arm(dueMs);
        await runtime.lambdas.invoke(fn, schedule.input);
      });
    };
    arm(runtime.clock.nowMs());
  }
  return schedules;
}
