import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiGatewayAdapter } from './api-gateway';
import { ClockError, type Scheduler, targetOf, type VirtualClock, type WorkTracker } from './clock';
import type { LocalStepFunctions } from './engine';
import { closeServer, listen, readBody, sendJson, sendProblem } from './http';

export interface RequestHandlerOptions {
  readonly clock: VirtualClock;
  readonly scheduler: Scheduler;
  readonly tracker: WorkTracker;
  readonly engine: LocalStepFunctions;
  /** The REST API, absent when the template has none. */
  readonly adapter: ApiGatewayAdapter | undefined;
  /** `GET /_local/dashboards…`: true when it answered. */
  readonly dashboardRoutes: (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ) => Promise<boolean>;
  /** `GET /_local/info`. */
  readonly info: () => unknown;
}

/**
 * The local API server's requests: `/_local/*` (info, clock, executions, dashboards), the rest to the
 * API Gateway adapter.
 */
export function createRequestHandler({
  clock,
  scheduler,
  tracker,
  engine,
  adapter,
  dashboardRoutes,
  info,
}: RequestHandlerOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const handleLocalRoute = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const route = `${request.method} ${url.pathname}`;
    if (await dashboardRoutes(request, response, url)) return;
    if (route === 'GET /_local/info') return sendJson(response, 200, info());
    if (route === 'GET /_local/clock') return sendJson(response, 200, { now: clock.now().toISOString() });
    if (route === 'GET /_local/executions')
      return sendJson(response, 200, { executions: engine.listExecutions() });
    if (route === 'POST /_local/clock') {
      let target: number;
      try {
        const body = (await readBody(request, 64 * 1024)).toString('utf8');
        target = targetOf(body.trim() === '' ? {} : JSON.parse(body), clock.nowMs());
      } catch (error) {
        const detail =
          error instanceof ClockError ? error.message : `Invalid JSON body: ${(error as Error).message}`;
        return sendProblem(response, 400, 'Invalid clock request', detail);
      }
      await scheduler.advanceTo(target);
      return sendJson(response, 200, { now: clock.now().toISOString() });
    }
    request.resume();
    return sendProblem(response, 404, 'Not Found', `No local route ${route}.`);
  };
  return async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/_local/')) {
      await handleLocalRoute(request, response, url);
      return;
    }
    if (!adapter) {
      sendProblem(response, 404, 'Not Found', 'The template has no REST API.');
      return;
    }
    // API requests count as work in flight, so an advance of the clock waits for them.
    await tracker.track(() => adapter.handle(request, response, url));
  };
}

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * The API server listens before the rest is ready (its URL goes into the functions' environment, for the
 * reply links in reminders): it answers 503 until `serve` gives it its handler.
 */
export async function listenApi(
  port: number,
  host: string,
): Promise<{ port: number; serve(handler: RequestHandler): void; close(): Promise<void> }> {
  let handleRequest: RequestHandler | undefined;
  const apiServer: Server = createServer((request, response) => {
    if (!handleRequest) {
      request.resume();
      sendProblem(response, 503, 'Service Unavailable', 'The local service is starting.');
      return;
    }
    void handleRequest(request, response).catch((error: unknown) => {
      console.error('[local] request failed:', error);
      if (!response.headersSent)
        sendProblem(response, 500, 'Internal Server Error', 'The local runner failed.');
      else response.end();
    });
  });
  return {
    port: await listen(apiServer, port, host),
    serve: (handler) => {
      handleRequest = handler;
    },
    close: () => closeServer(apiServer),
  };
}
