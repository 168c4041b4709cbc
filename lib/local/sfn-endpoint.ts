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

function describe(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    stopDate: seconds(record.stopDate),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    redriveCount: 0,
  };
}

type Action = (engine: LocalStepFunctions, body: Record<string, unknown>) => unknown;

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
      .map((record) => ({
        executionArn: record.executionArn,
        stateMachineArn: record.stateMachineArn,
        name: record.name,
        status: record.status,
        startDate: seconds(record.startDate),
        stopDate: seconds(record.stopDate),
      })),
  }),
};

/**
 * The Step Functions API of the local engine over HTTP (AWS JSON 1.0: `X-Amz-Target:
 * AWSStepFunctions.<Action>`), so handlers call it with the real SFNClient through `AWS_ENDPOINT_URL_SFN`.
 */
export function createStepFunctionsEndpoint(engine: LocalStepFunctions, tracker: WorkTracker): Server {
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
        send(response, 200, action(engine, body));
      } catch (error) {
        const name = error instanceof StepFunctionsError ? error.name : 'ValidationException';
        const message = error instanceof Error ? error.message : String(error);
        send(response, 400, { __type: `com.amazonaws.swf.service.v2.model#${name}`, message }, name);
      }
    })();
  });
}
