import './polyfills';
import type * as DynamoDB from '@aws-sdk/client-dynamodb';
import {
  ExecutionAbortedError,
  ExecutionError,
  StateMachine as LocalStateMachineRunner,
} from 'aws-local-stepfunctions';
import { type CompiledMachine, compile, retryIntervalsMs, UnsupportedDefinitionError } from './asl-compiler';
import { executionArn as executionArnFor } from './cfn';
import { CheckpointFile } from './checkpoints';
import type { Scheduler } from './clock';
import {
  checkStartRequest,
  type EngineEvent,
  type Execution,
  type ExecutionRecord,
  ExecutionRegistry,
  type ExecutionStatus,
  newExecution,
  StepFunctionsError,
} from './executions';
import type { LocalLambdas } from './lambda';
import { Listeners } from './listeners';
import { type TaskHandler, type TaskServices, taskHandler } from './task-handlers';
import type { LocalStateMachine } from './template';

export type { EngineEvent, ExecutionRecord } from './executions';
export { StepFunctionsError } from './executions';

type Json = unknown;

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
  readonly #executions = new ExecutionRegistry();
  readonly #lambdas: LocalLambdas;
  readonly #dynamo: DynamoDB.DynamoDBClient;
  readonly #scheduler: Scheduler;
  readonly #checkpoints: CheckpointFile;
  readonly #listeners = new Listeners<EngineEvent>('engine event');
  #closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.#lambdas = options.lambdas;
    this.#dynamo = options.dynamo;
    this.#scheduler = options.scheduler;
    this.#checkpoints = new CheckpointFile(options.stateFile, () => ({
      nowMs: this.#scheduler.clock.nowMs(),
      executions: this.#executions.records(),
    }));
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
    return this.#listeners.add(listener);
  }

  /** The virtual instant saved in a state file, if any (a restart continues from it). */
  static persistedClock(stateFile: string | undefined): number | undefined {
    return CheckpointFile.read(stateFile)?.nowMs;
  }

  /** Loads persisted executions and resumes the running ones where they stopped. Returns the persisted clock. */
  restore(): number | undefined {
    const saved = CheckpointFile.read(this.#checkpoints.file);
    if (!saved) return undefined;
    const toResume: Execution[] = [];
    for (const record of saved.executions) {
      const machine = this.#machines.get(record.stateMachineArn);
      if (!machine) continue;
      const execution = newExecution(record, machine);
      this.#executions.add(execution);
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
    const { name, inputText, input } = checkStartRequest(request);
    const arn = executionArnFor(machine.source.name, name);
    const existing = this.#executions.find(arn);
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
    const execution = newExecution(record, machine);
    this.#executions.add(execution);
    this.#emit(execution, { type: 'ExecutionStarted', input });
    this.#run(execution, undefined, input);
    this.#checkpoints.persist();
    return { executionArn: arn, startDate: record.startDate };
  }

  stopExecution(request: { executionArn?: string; error?: string; cause?: string }): { stopDate: number } {
    const execution = this.#executions.get(request.executionArn);
    if (execution.record.status !== 'RUNNING')
      return { stopDate: execution.record.stopDate ?? this.#scheduler.clock.nowMs() };
    this.#finish(execution, 'ABORTED', { error: request.error, cause: request.cause });
    return { stopDate: execution.record.stopDate as number };
  }

  describeExecution(request: { executionArn?: string }): ExecutionRecord {
    return structuredClone(this.#executions.get(request.executionArn).record);
  }

  listExecutions(
    filter: { stateMachineArn?: string; statusFilter?: ExecutionStatus } = {},
  ): ExecutionRecord[] {
    return this.#executions.list(filter);
  }

  /** Resolves when the execution is no longer running. */
  async waitForExecution(executionArn: string): Promise<ExecutionRecord> {
    const execution = this.#executions.get(executionArn);
    await execution.finished;
    return structuredClone(execution.record);
  }

  /**
   * Stops every run without changing its recorded status, so that a later start resumes it, and
   * writes the state file.
   */
  async shutdown(): Promise<void> {
    this.#closed = true;
    const written = this.#checkpoints.close();
    for (const execution of this.#executions.all()) {
      if (execution.record.status !== 'RUNNING') continue;
      execution.suspending = true;
      execution.cancelTimeout?.();
      execution.controller?.abort(new ExecutionAbortedError());
      execution.abortRun?.();
      execution.releaseActivity?.();
      execution.markFinished();
    }
    await written;
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
      handlers[state] = taskHandler(this.#services, execution, task, controller.signal);
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
        this.#checkpoints.persist();
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
    this.#checkpoints.persist();
  }

  #emit(
    execution: Execution,
    event: Omit<EngineEvent, 'at' | 'executionName' | 'executionArn' | 'stateType'>,
  ): void {
    if (this.#listeners.size === 0) return;
    const full: EngineEvent = {
      ...event,
      at: this.#scheduler.clock.now().toISOString(),
      executionName: execution.record.name,
      executionArn: execution.record.executionArn,
      stateType: event.state ? execution.machine.stateTypes.get(event.state) : undefined,
    };
    this.#listeners.emit(full);
  }

  /** Writes the state file now (the clock moved, or the service stops). */
  flush(): void {
    this.#checkpoints.flush();
  }

  get #services(): TaskServices {
    return { lambdas: this.#lambdas, dynamo: this.#dynamo, scheduler: this.#scheduler };
  }
}
