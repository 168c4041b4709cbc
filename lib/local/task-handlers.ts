import { randomUUID } from 'node:crypto';
import * as DynamoDB from '@aws-sdk/client-dynamodb';
import type { TaskKind, WaitSpec } from './asl-compiler';
import type { Scheduler } from './clock';
import { StepFunctionsError } from './executions';
import type { LocalLambdas } from './lambda';

/** The local handlers of Task states (and of Waits, which the compiler turned into tasks). */

type Json = unknown;
export type TaskHandler = (input: Json) => Promise<Json>;

/** What a task handler needs from the engine. */
export interface TaskServices {
  readonly lambdas: LocalLambdas;
  readonly dynamo: DynamoDB.DynamoDBClient;
  readonly scheduler: Scheduler;
}

/** The running execution's unit of tracked work: a Wait gives it back while it sleeps in virtual time. */
export interface TrackedActivity {
  releaseActivity?: () => void;
}

/** Reads a reference path such as `$.plan.steps.first_reminder.at` (all Waits and Step Functions paths need). */
function readPath(path: string, input: Json): Json {
  if (path === '$') return input;
  const tokens = path.replace(/^\$/, '').match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\]/g);
  if (!tokens || tokens.join('') !== path.slice(1)) throw new Error(`Unsupported path "${path}".`);
  let current: Json = input;
  for (const token of tokens) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = token.startsWith('.') ? token.slice(1) : token.slice(1, -1).replace(/^['"]|['"]$/g, '');
    current = (current as Record<string, Json>)[key];
  }
  return current;
}

class StatesRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

function waitDueMs(spec: WaitSpec, input: Json, nowMs: number): number {
  if (spec.Seconds !== undefined) return nowMs + spec.Seconds * 1000;
  if (spec.Timestamp !== undefined) return Date.parse(spec.Timestamp);
  if (spec.SecondsPath !== undefined) {
    const seconds = readPath(spec.SecondsPath, input);
    if (typeof seconds !== 'number' || seconds < 0) {
      throw new StatesRuntimeError(
        `SecondsPath ${spec.SecondsPath} does not point to a non-negative number.`,
      );
    }
    return nowMs + seconds * 1000;
  }
  if (spec.TimestampPath !== undefined) {
    const timestamp = readPath(spec.TimestampPath, input);
    const dueMs = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(dueMs)) {
      throw new StatesRuntimeError(
        `TimestampPath ${spec.TimestampPath} does not point to an ISO 8601 timestamp.`,
      );
    }
    return dueMs;
  }
  throw new StatesRuntimeError('The Wait state has no Seconds, Timestamp, SecondsPath or TimestampPath.');
}

export function taskHandler(
  services: TaskServices,
  execution: TrackedActivity,
  task: TaskKind,
  signal: AbortSignal,
): TaskHandler {
  const { lambdas, dynamo, scheduler } = services;
  switch (task.kind) {
    case 'wait':
      return async (input) => {
        const dueMs = waitDueMs(task.spec, input, scheduler.clock.nowMs());
        if (dueMs > scheduler.clock.nowMs()) {
          execution.releaseActivity?.();
          execution.releaseActivity = undefined;
          await scheduler.sleepUntil(dueMs, {
            signal,
            onWake: () => {
              execution.releaseActivity = scheduler.tracker.begin();
            },
          });
        }
        return input;
      };
    case 'lambda:invoke':
      return async (input) => {
        const { FunctionName, Payload } = (input ?? {}) as { FunctionName?: string; Payload?: Json };
        const fn = lambdas.find(String(FunctionName));
        if (!fn)
          throw new StepFunctionsError(
            'Lambda.ResourceNotFoundException',
            `Function not found: ${FunctionName}`,
          );
        const result = await lambdas.invoke(fn, Payload ?? null);
        return {
          ExecutedVersion: '$LATEST',
          Payload: result,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: randomUUID() },
          StatusCode: 200,
        };
      };
    case 'lambda:direct':
      return async (input) => {
        const fn = lambdas.find(task.functionArn);
        if (!fn)
          throw new StepFunctionsError(
            'Lambda.ResourceNotFoundException',
            `Function not found: ${task.functionArn}`,
          );
        return lambdas.invoke(fn, input);
      };
    case 'dynamodb':
      return async (input) => {
        const Command = (
          DynamoDB as unknown as Record<string, new (input: unknown) => DynamoDB.GetItemCommand>
        )[task.command] as new (
          input: unknown,
        ) => DynamoDB.GetItemCommand;
        try {
          const { $metadata: _metadata, ...output } = await dynamo.send(new Command(input));
          return output;
        } catch (error) {
          const name = error instanceof Error ? error.name : 'InternalServerError';
          throw new StepFunctionsError(
            `${task.errorPrefix}.${name}`,
            error instanceof Error ? error.message : String(error),
          );
        }
      };
  }
}
