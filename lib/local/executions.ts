import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from './asl-compiler';

/**
 * Executions of the local engine: their records (what Step Functions' Describe/ListExecutions show),
 * their events, the registry that enforces Step Functions' naming and input rules.
 */

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

/** A registered execution and the handles of its current run (none while it is restored but not resumed). */
export interface Execution {
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

export function newExecution(record: ExecutionRecord, machine: CompiledMachine): Execution {
  let markFinished!: () => void;
  const finished = new Promise<void>((resolve) => {
    markFinished = resolve;
  });
  return { record, machine, suspending: false, finished, markFinished };
}

/** Step Functions names: 1–80 characters, no whitespace, brackets, wildcards, punctuation or control characters. */
function isValidName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) return false;
  return ![...name].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}
const MAX_INPUT_BYTES = 256 * 1024;

/** A StartExecution request checked as Step Functions checks it: its name, and its input (size, JSON). */
export function checkStartRequest(request: { name?: string; input?: string }): {
  name: string;
  inputText: string;
  input: unknown;
} {
  const name = request.name ?? randomUUID();
  if (!isValidName(name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
  const inputText = request.input ?? '{}';
  if (Buffer.byteLength(inputText) > MAX_INPUT_BYTES) {
    throw new StepFunctionsError('InvalidExecutionInput', 'The input exceeds the 256 KB limit.');
  }
  try {
    return { name, inputText, input: JSON.parse(inputText) };
  } catch {
    throw new StepFunctionsError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${inputText}'`,
    );
  }
}

/** The executions by ARN, with Step Functions' errors and list order. */
export class ExecutionRegistry {
  readonly #executions = new Map<string, Execution>();

  add(execution: Execution): void {
    this.#executions.set(execution.record.executionArn, execution);
  }

  find(executionArn: string): Execution | undefined {
    return this.#executions.get(executionArn);
  }

  get(executionArn: string | undefined): Execution {
    const execution = this.#executions.get(String(executionArn));
    if (!execution)
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  all(): IterableIterator<Execution> {
    return this.#executions.values();
  }

  records(): ExecutionRecord[] {
    return [...this.#executions.values()].map((execution) => execution.record);
  }

  /** Newest first, as ListExecutions returns them. */
  list(filter: { stateMachineArn?: string; statusFilter?: ExecutionStatus } = {}): ExecutionRecord[] {
    return this.records()
      .filter((record) => !filter.stateMachineArn || record.stateMachineArn === filter.stateMachineArn)
      .filter((record) => !filter.statusFilter || record.status === filter.statusFilter)
      .sort((a, b) => b.startDate - a.startDate)
      .map((record) => structuredClone(record));
  }
}
