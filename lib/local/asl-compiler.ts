import * as DynamoDB from '@aws-sdk/client-dynamodb';
import {
  StateMachine as LocalStateMachineRunner,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { SEND_IN_PROGRESS_ERROR, SEND_RATE_LIMITED_ERROR } from '../../functions/shared/workflow-errors';
import type { LocalStateMachine } from './template';

/**
 * The ASL compiler of the local engine: turns a synthesized definition into one the library runs, with
 * the kind of every Task known up front (so unknown resources fail at start-up, not mid-execution).
 */

export class UnsupportedDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedDefinitionError';
  }
}

export interface WaitSpec {
  readonly Seconds?: number;
  readonly Timestamp?: string;
  readonly SecondsPath?: string;
  readonly TimestampPath?: string;
}

export type TaskKind =
  | { readonly kind: 'lambda:invoke' }
  | { readonly kind: 'lambda:direct'; readonly functionArn: string }
  | { readonly kind: 'dynamodb'; readonly command: string; readonly errorPrefix: string }
  | { readonly kind: 'wait'; readonly spec: WaitSpec };

export interface CompiledMachine {
  readonly source: LocalStateMachine;
  readonly definition: StateMachineDefinition;
  readonly timeoutSeconds: number | undefined;
  readonly tasks: ReadonlyMap<string, TaskKind>;
  readonly stateTypes: ReadonlyMap<string, string>;
}

const WAIT_RESOURCE = 'arn:aws:states:::relance-local:wait';
/** The longest real timer Node accepts; the library's own task timeout must not fire during a virtual wait. */
const LONGEST_REAL_TIMEOUT_SECONDS = 2_000_000;
const OPTIMIZED_DYNAMODB_ACTIONS = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);

function commandFor(action: string, where: string): string {
  const command = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
  if (typeof (DynamoDB as Record<string, unknown>)[command] !== 'function') {
    throw new UnsupportedDefinitionError(`${where}: DynamoDB has no action "${action}".`);
  }
  return command;
}

function classifyTask(stateName: string, state: Record<string, unknown>): TaskKind {
  const resource = String(state.Resource);
  const where = `State "${stateName}" (Resource ${resource})`;
  if (resource === 'arn:aws:states:::lambda:invoke') {
    const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
    if (!('FunctionName' in parameters) && !('FunctionName.$' in parameters)) {
      throw new UnsupportedDefinitionError(`${where}: lambda:invoke needs Parameters.FunctionName.`);
    }
    return { kind: 'lambda:invoke' };
  }
  if (/^arn:aws:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/.test(resource)) {
    return { kind: 'lambda:direct', functionArn: resource };
  }
  const optimized = /^arn:aws:states:::dynamodb:([A-Za-z]+)$/.exec(resource);
  if (optimized?.[1] && OPTIMIZED_DYNAMODB_ACTIONS.has(optimized[1])) {
    return { kind: 'dynamodb', command: commandFor(optimized[1], where), errorPrefix: 'DynamoDB' };
  }
  const sdk = /^arn:aws:states:::aws-sdk:dynamodb:([A-Za-z]+)$/.exec(resource);
  if (sdk?.[1]) return { kind: 'dynamodb', command: commandFor(sdk[1], where), errorPrefix: 'DynamoDb' };
  throw new UnsupportedDefinitionError(
    `${where}: the local engine runs lambda:invoke, Lambda function ARNs and DynamoDB integrations only. ` +
      'Add a local handler for this resource in lib/local/task-handlers.ts (and its kind in asl-compiler.ts) or change the state.',
  );
}

/**
 * Rewrites a definition for the local engine: Waits become local tasks that sleep in virtual time,
 * every Task resource gets a local handler (unknown resources fail here, at start-up), and the
 * execution timeout is taken out to be enforced in virtual time.
 */
export function compile(source: LocalStateMachine): CompiledMachine {
  const tasks = new Map<string, TaskKind>();
  const stateTypes = new Map<string, string>();
  const rewrite = (states: Record<string, Record<string, unknown>>): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [name, state] of Object.entries(states)) {
      if (stateTypes.has(name)) throw new UnsupportedDefinitionError(`State name "${name}" is used twice.`);
      stateTypes.set(name, String(state.Type));
      if ('QueryLanguage' in state || 'Assign' in state || 'Arguments' in state || 'Output' in state) {
        throw new UnsupportedDefinitionError(
          `State "${name}" uses JSONata or Assign, which the local engine does not run.`,
        );
      }
      if (state.Type === 'Wait') {
        const { Seconds, Timestamp, SecondsPath, TimestampPath, Type: _type, ...rest } = state;
        tasks.set(name, {
          kind: 'wait',
          spec: { Seconds, Timestamp, SecondsPath, TimestampPath } as WaitSpec,
        });
        result[name] = {
          ...rest,
          Type: 'Task',
          Resource: WAIT_RESOURCE,
          TimeoutSeconds: LONGEST_REAL_TIMEOUT_SECONDS,
        };
        continue;
      }
      const copy: Record<string, unknown> = { ...state };
      if (state.Type === 'Task') tasks.set(name, classifyTask(name, state));
      if (state.Type === 'Parallel') {
        copy.Branches = (state.Branches as Record<string, unknown>[]).map((branch) => ({
          ...branch,
          States: rewrite(branch.States as Record<string, Record<string, unknown>>),
        }));
      }
      for (const key of ['Iterator', 'ItemProcessor'] as const) {
        const inner = state[key] as Record<string, unknown> | undefined;
        if (inner)
          copy[key] = { ...inner, States: rewrite(inner.States as Record<string, Record<string, unknown>>) };
      }
      result[name] = copy;
    }
    return result;
  };
  const { TimeoutSeconds, QueryLanguage, ...rest } = source.definition;
  if (QueryLanguage === 'JSONata') {
    throw new UnsupportedDefinitionError(
      `${source.name}: JSONata state machines do not run locally; use JSONPath.`,
    );
  }
  const definition = {
    ...rest,
    States: rewrite(source.definition.States as Record<string, Record<string, unknown>>),
  } as unknown as StateMachineDefinition;
  // Validated once here (the library validates ASL); runs skip validation.
  new LocalStateMachineRunner(definition, { validationOptions: { checkArn: false } });
  return {
    source,
    definition,
    timeoutSeconds: typeof TimeoutSeconds === 'number' ? TimeoutSeconds : undefined,
    tasks,
    stateTypes,
  };
}

/**
 * Waiting for another sender's claim to settle takes real time, even locally. The override is a fixed
 * interval (no backoff), so the retrier's 6 attempts give the other send 3 s of real time: enough on a
 * loaded machine (100 ms, i.e. 0.6 s in all, made a thank-you give up behind a slow reminder).
 */
const LOCAL_SEND_IN_PROGRESS_RETRY_MS = 500;

/** A negative override tells the engine to use the retrier's own timing (backoff, cap, jitter). */
const DEFINITION_TIMING = -1;

/**
 * Retry intervals of a state, per retrier. Retries happen at once: their seconds of backoff are
 * invisible at the scale of virtual days. Except a send still in flight elsewhere: its retry must leave
 * that send the (real) time to finish; and a send throttled by SES (`--ses-rate`), whose retries keep
 * the definition's real-time backoff, as the local SES refills in real time too.
 */
export function retryIntervalsMs(definition: StateMachineDefinition, state: string): number[] {
  const retriers = ((definition.States as Record<string, { Retry?: { ErrorEquals: string[] }[] }>)[state]
    ?.Retry ?? []) as { ErrorEquals: string[] }[];
  return retriers.map((retrier) => {
    if (retrier.ErrorEquals.includes(SEND_IN_PROGRESS_ERROR)) return LOCAL_SEND_IN_PROGRESS_RETRY_MS;
    if (retrier.ErrorEquals.includes(SEND_RATE_LIMITED_ERROR)) return DEFINITION_TIMING;
    return 0;
  });
}
