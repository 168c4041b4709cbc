import './polyfills';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as DynamoDB from '@aws-sdk/client-dynamodb';
import {
  ExecutionAbortedError,
  ExecutionError,
  StateMachine as LocalStateMachineRunner,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { SEND_IN_PROGRESS_ERROR, SEND_RATE_LIMITED_ERROR } from '../../functions/shared/workflow-errors';
import { executionArn as executionArnFor } from './cfn';
import type { Scheduler } from './clock';
import type { LocalLambdas } from './lambda';
import type { LocalStateMachine } from './template';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What the engine keeps (and persists with `--data-dir`) about one execution. */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input as JSON text, as Step Functions stores it. */
  input: string;
  startDate: number;
  stopDate?: number;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  /** The last state entered and its raw input: where a restart resumes. */
  checkpoint?: { state: string; input: unknown };
  /** States entered (what Step Functions bills as state transitions), retries included. */
  transitions: number;
  /** Restarts of the local service this execution went through: where it resumed, in virtual time. */
  resumes?: { at: string; state: string }[];
}

/** One step of an execution's life, for timelines and transition counts. */
export interface EngineEvent {
  readonly type:
    | 'ExecutionStarted'
    | 'ExecutionResumed'
    | 'StateEntered'
    | 'StateExited'
    | 'StateRetried'
    | 'StateCaught'
    | 'StateFailed'
    | 'ExecutionSucceeded'
    | 'ExecutionFailed'
    | 'ExecutionAborted'
    | 'ExecutionTimedOut';
  /** Virtual time of the event. */
  readonly at: string;
  readonly executionName: string;
  readonly executionArn: string;
  readonly state?: string;
  /** The state's type in the original definition (Waits run as local tasks). */
  readonly stateType?: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

/** Step Functions API errors, with the names the AWS SDK exposes (`ExecutionAlreadyExists`…). */
export class StepFunctionsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export class UnsupportedDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedDefinitionError';
  }
}

type Json = unknown;
type TaskHandler = (input: Json) => Promise<Json>;

interface WaitSpec {
  readonly Seconds?: number;
  readonly Timestamp?: string;
  readonly SecondsPath?: string;
  readonly TimestampPath?: string;
}

type TaskKind =
  | { readonly kind: 'lambda:invoke' }
  | { readonly kind: 'lambda:direct'; readonly functionArn: string }
  | { readonly kind: 'dynamodb'; readonly command: string; readonly errorPrefix: string }
  | { readonly kind: 'wait'; readonly spec: WaitSpec };

interface CompiledMachine {
  readonly source: LocalStateMachine;
  readonly definition: StateMachineDefinition;
  readonly timeoutSeconds: number | undefined;
  readonly tasks: ReadonlyMap<string, TaskKind>;
  readonly stateTypes: ReadonlyMap<string, string>;
}

interface Execution {
  readonly record: ExecutionRecord;
  readonly machine: CompiledMachine;
  controller?: AbortController;
  abortRun?: () => void;
  /** Ends this execution's unit of tracked work (held while it runs, released while it waits). */
  releaseActivity?: () => void;
  suspending: boolean;
  /** State entries not to count again as transitions (the checkpointed state, re-entered on resume). */
  uncountedEntries?: number;
  cancelTimeout?: () => void;
  finished: Promise<void>;
  markFinished: () => void;
}

const WAIT_RESOURCE = 'arn:aws:states:::relance-local:wait';
/** The longest real timer Node accepts; the library's own task timeout must not fire during a virtual wait. */
const LONGEST_REAL_TIMEOUT_SECONDS = 2_000_000;
/** Step Functions names: 1–80 characters, no whitespace, brackets, wildcards, punctuation or control characters. */
function isValidName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  return ![...name].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}
const MAX_INPUT_BYTES = 256 * 1024;
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
      'Add a local handler for this resource in lib/local/engine.ts or change the state.',
  );
}

/**
 * Rewrites a definition for the local engine: Waits become local tasks that sleep in virtual time,
 * every Task resource gets a local handler (unknown resources fail here, at start-up), and the
 * execution timeout is taken out to be enforced in virtual time.
 */
function compile(source: LocalStateMachine): CompiledMachine {
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

/** Reads a reference path such as `$.plan.steps.first_reminder.at` (all Waits and Step Functions paths need). */
export function readPath(path: string, input: Json): Json {
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

export interface LocalStepFunctionsOptions {
  readonly stateMachines: readonly LocalStateMachine[];
  readonly lambdas: LocalLambdas;
  readonly dynamo: DynamoDB.DynamoDBClient;
  readonly scheduler: Scheduler;
  /** JSON file holding executions and checkpoints (`--data-dir`); in memory when absent. */
  readonly stateFile?: string;
}

/**
 * Runs the synthesized state machines with aws-local-stepfunctions: task handlers built from the
 * definition, waits in virtual time, an execution registry with Step Functions' naming rules,
 * StopExecution/DescribeExecution, and a checkpoint at each state entry so that running executions
 * resume after a restart.
 */
export class LocalStepFunctions {
  readonly #machines = new Map<string, CompiledMachine>();
  readonly #executions = new Map<string, Execution>();
  readonly #lambdas: LocalLambdas;
  readonly #dynamo: DynamoDB.DynamoDBClient;
  readonly #scheduler: Scheduler;
  readonly #stateFile: string | undefined;
  #listeners: ((event: EngineEvent) => void)[] = [];
  #writing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.#lambdas = options.lambdas;
    this.#dynamo = options.dynamo;
    this.#scheduler = options.scheduler;
    this.#stateFile = options.stateFile;
    if (this.#stateFile) mkdirSync(dirname(this.#stateFile), { recursive: true });
    for (const source of options.stateMachines) {
      const machine = compile(source);
      for (const [state, task] of machine.tasks) {
        if (task.kind === 'lambda:direct' && !this.#lambdas.find(task.functionArn)) {
          throw new UnsupportedDefinitionError(
            `State "${state}" invokes ${task.functionArn}, which is not a local function.`,
          );
        }
      }
      this.#machines.set(source.arn, machine);
    }
  }

  get stateMachineArns(): string[] {
    return [...this.#machines.keys()];
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((item) => item !== listener);
    };
  }

  /** The virtual instant saved in a state file, if any (a restart continues from it). */
  static persistedClock(stateFile: string | undefined): number | undefined {
    if (!stateFile || !existsSync(stateFile)) return undefined;
    return (JSON.parse(readFileSync(stateFile, 'utf8')) as { nowMs?: number }).nowMs;
  }

  /** Loads persisted executions and resumes the running ones where they stopped. Returns the persisted clock. */
  restore(): number | undefined {
    if (!this.#stateFile || !existsSync(this.#stateFile)) return undefined;
    const saved = JSON.parse(readFileSync(this.#stateFile, 'utf8')) as {
      nowMs?: number;
      executions: ExecutionRecord[];
    };
    const toResume: Execution[] = [];
    for (const record of saved.executions) {
      const machine = this.#machines.get(record.stateMachineArn);
      if (!machine) continue;
      const execution = this.#newExecution(record, machine);
      this.#executions.set(record.executionArn, execution);
      if (record.status === 'RUNNING') toResume.push(execution);
      else execution.markFinished();
    }
    if (saved.nowMs !== undefined) this.#scheduler.clock.moveTo(saved.nowMs);
    for (const execution of toResume) {
      const { checkpoint } = execution.record;
      const startAt =
        checkpoint && execution.machine.stateTypes.has(checkpoint.state) ? checkpoint.state : undefined;
      const resumedAt = startAt ?? execution.machine.definition.StartAt;
      execution.record.resumes = [
        ...(execution.record.resumes ?? []),
        { at: this.#scheduler.clock.now().toISOString(), state: resumedAt },
      ];
      // The checkpointed state was counted when first entered.
      if (startAt) execution.uncountedEntries = 1;
      this.#emit(execution, { type: 'ExecutionResumed', state: resumedAt });
      this.#run(execution, startAt, startAt ? checkpoint?.input : JSON.parse(execution.record.input));
    }
    return saved.nowMs;
  }

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): {
    executionArn: string;
    startDate: number;
  } {
    const machine = this.#machines.get(String(request.stateMachineArn));
    if (!machine)
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    const name = request.name ?? randomUUID();
    if (!isValidName(name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = request.input ?? '{}';
    if (Buffer.byteLength(inputText) > MAX_INPUT_BYTES) {
      throw new StepFunctionsError('InvalidExecutionInput', 'The input exceeds the 256 KB limit.');
    }
    let input: Json;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new StepFunctionsError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: '${inputText}'`,
      );
    }
    const arn = executionArnFor(machine.source.name, name);
    const existing = this.#executions.get(arn);
    if (existing) {
      // As in AWS: same name and input while running is idempotent; anything else is a conflict.
      if (existing.record.status === 'RUNNING' && existing.record.input === inputText) {
        return { executionArn: arn, startDate: existing.record.startDate };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    if (this.#closed)
      throw new StepFunctionsError('ServiceUnavailable', 'The local engine is shutting down.');
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.source.arn,
      name,
      input: inputText,
      startDate: this.#scheduler.clock.nowMs(),
      status: 'RUNNING',
      transitions: 0,
    };
    const execution = this.#newExecution(record, machine);
    this.#executions.set(arn, execution);
    this.#emit(execution, { type: 'ExecutionStarted', input });
    this.#run(execution, undefined, input);
    this.#persist();
    return { executionArn: arn, startDate: record.startDate };
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }): { stopDate: number } {
    const execution = this.#get(request.executionArn);
    if (execution.record.status !== 'RUNNING')
      return { stopDate: execution.record.stopDate ?? this.#scheduler.clock.nowMs() };
    this.#finish(execution, 'ABORTED', { error: request.error, cause: request.cause });
    return { stopDate: execution.record.stopDate as number };
  }

  describeExecution(request: { executionArn?: string }): ExecutionRecord {
    return structuredClone(this.#get(request.executionArn).record);
  }

  listExecutions(
    filter: { stateMachineArn?: string; statusFilter?: ExecutionStatus } = {},
  ): ExecutionRecord[] {
    return [...this.#executions.values()]
      .map((execution) => execution.record)
      .filter((record) => !filter.stateMachineArn || record.stateMachineArn === filter.stateMachineArn)
      .filter((record) => !filter.statusFilter || record.status === filter.statusFilter)
      .sort((a, b) => b.startDate - a.startDate)
      .map((record) => structuredClone(record));
  }

  /** Resolves when the execution is no longer running. */
  async waitForExecution(executionArn: string): Promise<ExecutionRecord> {
    const execution = this.#get(executionArn);
    await execution.finished;
    return structuredClone(execution.record);
  }

  /**
   * Stops every run without changing its recorded status, so that a later start resumes it, and
   * writes the state file.
   */
  async shutdown(): Promise<void> {
    this.#closed = true;
    for (const execution of this.#executions.values()) {
      if (execution.record.status !== 'RUNNING') continue;
      execution.suspending = true;
      execution.cancelTimeout?.();
      execution.controller?.abort(new ExecutionAbortedError());
      execution.abortRun?.();
      execution.releaseActivity?.();
      execution.markFinished();
    }
    await this.#writing;
    this.#writeNow();
  }

  #get(executionArn: string | undefined): Execution {
    const execution = this.#executions.get(String(executionArn));
    if (!execution)
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  #newExecution(record: ExecutionRecord, machine: CompiledMachine): Execution {
    let markFinished!: () => void;
    const finished = new Promise<void>((resolve) => {
      markFinished = resolve;
    });
    return { record, machine, suspending: false, finished, markFinished };
  }

  #run(execution: Execution, startAt: string | undefined, input: Json): void {
    const { machine, record } = execution;
    const definition = startAt ? { ...machine.definition, StartAt: startAt } : machine.definition;
    const runner = new LocalStateMachineRunner(definition, { validationOptions: { noValidate: true } });
    const controller = new AbortController();
    execution.controller = controller;
    execution.releaseActivity = this.#scheduler.tracker.begin();

    const handlers: Record<string, TaskHandler> = {};
    const retryIntervalOverrides: Record<string, number[]> = {};
    for (const [state, task] of machine.tasks) {
      handlers[state] = this.#taskHandler(execution, task, controller.signal);
      if (task.kind !== 'wait') retryIntervalOverrides[state] = retryIntervalsMs(definition, state);
    }
    const run = runner.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          StartTime: new Date(record.startDate).toISOString(),
        },
        StateMachine: { Id: record.stateMachineArn, Name: machine.source.name },
      },
    });
    execution.abortRun = run.abort;

    if (machine.timeoutSeconds !== undefined && !execution.cancelTimeout) {
      execution.cancelTimeout = this.#scheduler.schedule(
        record.startDate + machine.timeoutSeconds * 1000,
        () => {
          if (record.status === 'RUNNING') this.#finish(execution, 'TIMED_OUT', { error: 'States.Timeout' });
        },
      );
    }

    void this.#consumeEvents(execution, run.eventLogs as unknown as AsyncGenerator<Record<string, unknown>>);
    run.result.then(
      (output) => {
        if (record.status === 'RUNNING' && !execution.suspending) {
          this.#finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) });
        }
      },
      (error: unknown) => {
        if (record.status !== 'RUNNING' || execution.suspending) return;
        if (error instanceof ExecutionError) {
          const cause = error.cause as Error | undefined;
          this.#finish(execution, 'FAILED', {
            error: cause?.name ?? 'States.Runtime',
            cause: cause?.message ?? '',
          });
        } else if (!(error instanceof ExecutionAbortedError)) {
          this.#finish(execution, 'FAILED', { error: 'States.Runtime', cause: String(error) });
        }
      },
    );
  }

  async #consumeEvents(execution: Execution, events: AsyncGenerator<Record<string, unknown>>): Promise<void> {
    for await (const event of events) {
      if (execution.suspending) continue;
      const state = event.state as { name: string; input: Json; output?: Json } | undefined;
      const type = event.type as EngineEvent['type'];
      if (!state) continue;
      if (type === 'StateEntered') {
        execution.record.checkpoint = { state: state.name, input: state.input };
        if (execution.uncountedEntries) execution.uncountedEntries -= 1;
        else execution.record.transitions += 1;
        this.#persist();
      } else if (type === 'StateRetried') {
        execution.record.transitions += 1;
      }
      this.#emit(execution, {
        type,
        state: state.name,
        input: state.input,
        output: state.output,
        error: event.Error as string | undefined,
        cause: typeof event.Cause === 'string' ? event.Cause : undefined,
      });
    }
  }

  #finish(
    execution: Execution,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    details: { output?: string; error?: string; cause?: string },
  ): void {
    const { record } = execution;
    record.status = status;
    record.stopDate = this.#scheduler.clock.nowMs();
    if (details.output !== undefined) record.output = details.output;
    if (details.error !== undefined) record.error = details.error;
    if (details.cause !== undefined) record.cause = details.cause;
    execution.cancelTimeout?.();
    if (status === 'ABORTED' || status === 'TIMED_OUT') {
      execution.controller?.abort(new ExecutionAbortedError());
      execution.abortRun?.();
    }
    execution.releaseActivity?.();
    execution.releaseActivity = undefined;
    execution.markFinished();
    const eventType = {
      SUCCEEDED: 'ExecutionSucceeded',
      FAILED: 'ExecutionFailed',
      ABORTED: 'ExecutionAborted',
      TIMED_OUT: 'ExecutionTimedOut',
    } as const;
    this.#emit(execution, {
      type: eventType[status],
      output: details.output === undefined ? undefined : JSON.parse(details.output),
      error: details.error,
      cause: details.cause,
    });
    this.#persist();
  }

  #taskHandler(execution: Execution, task: TaskKind, signal: AbortSignal): TaskHandler {
    switch (task.kind) {
      case 'wait':
        return async (input) => {
          const dueMs = waitDueMs(task.spec, input, this.#scheduler.clock.nowMs());
          if (dueMs > this.#scheduler.clock.nowMs()) {
            execution.releaseActivity?.();
            execution.releaseActivity = undefined;
            await this.#scheduler.sleepUntil(dueMs, {
              signal,
              onWake: () => {
                execution.releaseActivity = this.#scheduler.tracker.begin();
              },
            });
          }
          return input;
        };
      case 'lambda:invoke':
        return async (input) => {
          const { FunctionName, Payload } = (input ?? {}) as { FunctionName?: string; Payload?: Json };
          const fn = this.#lambdas.find(String(FunctionName));
          if (!fn)
            throw new StepFunctionsError(
              'Lambda.ResourceNotFoundException',
              `Function not found: ${FunctionName}`,
            );
          const result = await this.#lambdas.invoke(fn, Payload ?? null);
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
          const fn = this.#lambdas.find(task.functionArn);
          if (!fn)
            throw new StepFunctionsError(
              'Lambda.ResourceNotFoundException',
              `Function not found: ${task.functionArn}`,
            );
          return this.#lambdas.invoke(fn, input);
        };
      case 'dynamodb':
        return async (input) => {
          const Command = (
            DynamoDB as unknown as Record<string, new (input: unknown) => DynamoDB.GetItemCommand>
          )[task.command] as new (
            input: unknown,
          ) => DynamoDB.GetItemCommand;
          try {
            const { $metadata: _metadata, ...output } = await this.#dynamo.send(new Command(input));
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

  #emit(
    execution: Execution,
    event: Omit<EngineEvent, 'at' | 'executionName' | 'executionArn' | 'stateType'>,
  ): void {
    if (this.#listeners.length === 0) return;
    const full: EngineEvent = {
      ...event,
      at: this.#scheduler.clock.now().toISOString(),
      executionName: execution.record.name,
      executionArn: execution.record.executionArn,
      stateType: event.state ? execution.machine.stateTypes.get(event.state) : undefined,
    };
    for (const listener of this.#listeners) {
      try {
        listener(full);
      } catch (error) {
        console.error('[local] engine event listener failed:', error);
      }
    }
  }

  /** Coalesced asynchronous write of the state file (one write in flight, one pending at most). */
  #persist(): void {
    if (!this.#stateFile) return;
    this.#dirty = true;
    if (this.#writing) return;
    this.#writing = (async () => {
      while (this.#dirty && !this.#closed) {
        this.#dirty = false;
        const file = this.#stateFile as string;
        const temporary = `${file}.tmp`;
        await writeFile(temporary, this.#serialize());
        renameSync(temporary, file);
      }
    })().finally(() => {
      this.#writing = undefined;
    });
  }

  #writeNow(): void {
    if (!this.#stateFile) return;
    mkdirSync(dirname(this.#stateFile), { recursive: true });
    const temporary = `${this.#stateFile}.tmp`;
    writeFileSync(temporary, this.#serialize());
    renameSync(temporary, this.#stateFile);
  }

  /** Persists the virtual clock too, so a restart continues from the same instant. */
  #serialize(): string {
    return JSON.stringify({
      nowMs: this.#scheduler.clock.nowMs(),
      executions: [...this.#executions.values()].map((execution) => execution.record),
    });
  }

  /** Writes the state file now (the clock moved, or the service stops). */
  flush(): void {
    if (this.#stateFile && !this.#closed) this.#persist();
  }
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
function retryIntervalsMs(definition: StateMachineDefinition, state: string): number[] {
  const retriers = ((definition.States as Record<string, { Retry?: { ErrorEquals: string[] }[] }>)[state]
    ?.Retry ?? []) as { ErrorEquals: string[] }[];
  return retriers.map((retrier) => {
    if (retrier.ErrorEquals.includes(SEND_IN_PROGRESS_ERROR)) return LOCAL_SEND_IN_PROGRESS_RETRY_MS;
    if (retrier.ErrorEquals.includes(SEND_RATE_LIMITED_ERROR)) return DEFINITION_TIMING;
    return 0;
  });
}
