import { createServer, type Server } from 'node:http';
import type { WorkTracker } from './clock';
import { type ExecutionRecord, type LocalStepFunctions, StepFunctionsError } from './engine';
import { readBody } from './http';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

function send(
  response: import('node:http').ServerResponse,
  status: number,
  body: unknown,
  errorType?: string,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

/** Dates travel as epoch seconds in the AWS JSON protocol. */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/** An execution as ListExecutions lists it. */
function summary(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    stopDate: seconds(record.stopDate),
  };
}

/** An execution as DescribeExecution answers: the summary, with input, output and error. */
function describe(record: ExecutionRecord): Record<string, unknown> {
  return {
    ...summary(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    redriveCount: 0,
  };
}

type Action = (engine: LocalStepFunctions, body: Record<string, unknown>) => unknown;

/**
 * Test hook: makes the next StartExecution calls answer an AWS error instead of starting, e.g.
 * `ExecutionLimitExceeded` when the open-execution quota is full — a quota nobody can fill locally.
 */
export class StepFunctionsFaults {
  private pending: { readonly error: string; remaining: number } | undefined;

  /** The next `count` StartExecution calls answer `error` (an AWS error name). */
  failStarts(error: string, count: number): void {
    this.pending = count > 0 ? { error, remaining: count } : undefined;
  }

  /** Stops answering injected errors. */
  clear(): void {
    this.pending = undefined;
  }

  /** Throws the injected error for a StartExecution call, if one is due. */
  beforeStart(): void {
    if (!this.pending) return;
    const { error } = this.pending;
    this.pending.remaining -= 1;
    if (this.pending.remaining <= 0) this.pending = undefined;
    throw new StepFunctionsError(error, `Injected by the local test hook: ${error}`);
  }
}

const ACTIONS: Readonly<Record<string, Action>> = {
  StartExecution: (engine, body) => {
    const { executionArn, startDate } = engine.startExecution(body as never);
    return { executionArn, startDate: seconds(startDate) };
  },
  StopExecution: (engine, body) => ({ stopDate: seconds(engine.stopExecution(body as never).stopDate) }),
  DescribeExecution: (engine, body) => describe(engine.describeExecution(body as never)),
  ListExecutions: (engine, body) => ({
    executions: engine
      .listExecutions({
        stateMachineArn: body.stateMachineArn as string | undefined,
        statusFilter: body.statusFilter as never,
      })
      .map(summary),
  }),
};

/**
 * The Step Functions API of the local engine over HTTP (AWS JSON 1.0: `X-Amz-Target:
 * AWSStepFunctions.<Action>`), so handlers call it with the real SFNClient through `AWS_ENDPOINT_URL_SFN`.
 */
export function createStepFunctionsEndpoint(
  engine: LocalStepFunctions,
  tracker: WorkTracker,
  faults: StepFunctionsFaults = new StepFunctionsFaults(),
): Server {
  return createServer((request, response) => {
    const end = tracker.begin();
    response.once('close', end);
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const action = ACTIONS[target.replace(/^AWSStepFunctions\./, '')];
      const raw = await readBody(request);
      if (!action) {
        send(
          response,
          400,
          { __type: 'UnknownOperationException', message: `Unsupported action ${target}` },
          'UnknownOperationException',
        );
        return;
      }
      try {
        const body = (raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {}) as Record<string, unknown>;
        if (action === ACTIONS.StartExecution) faults.beforeStart();
        send(response, 200, action(engine, body));
      } catch (error) {
        const name = error instanceof StepFunctionsError ? error.name : 'ValidationException';
        const message = error instanceof Error ? error.message : String(error);
        send(response, 400, { __type: `com.amazonaws.swf.service.v2.model#${name}`, message }, name);
      }
    })();
  });
}
