import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setAwsClients } from '../../functions/shared/aws-clients';
import { installClock } from '../../functions/shared/clock';
import { ApiGatewayAdapter } from './api-gateway';
import { createApiGatewayEndpoint, LocalApiKeys } from './api-keys';
import type { CfnTemplate } from './cfn';
import { ClockError, Scheduler, targetOf, VirtualClock, WorkTracker } from './clock';
import { createDashboardRoutes } from './dashboard-routes';
import {
  type Mailbox,
  provisionTables,
  type SendHold,
  type SentEmail,
  type StorageEmulators,
  startMailbox,
  startStorageEmulators,
} from './emulators';
import { type EngineEvent, LocalStepFunctions } from './engine';
import { closeServer, listen, readBody, sendJson, sendProblem } from './http';
import { LocalLambdas } from './lambda';
import { startMailevaSimulator } from './maileva-simulator';
import { LocalMetricStore, tapEmf } from './metrics';
import { armSchedules } from './schedules';
import { type EventBridgeEvent, matchesPattern, sesEventsFor } from './ses-events';
import { createStepFunctionsEndpoint, StepFunctionsFaults } from './sfn-endpoint';
import { synthesizeTemplate } from './synth';
import { buildLocalModel, type LocalModel } from './template';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DEFAULT_API_KEY = 'local-dev-key';
export const DEFAULT_WEBHOOK_SECRET = 'local-webhook-secret';
export const DEFAULT_STRIPE_WEBHOOK_SECRET = 'local-stripe-secret';
export const DEFAULT_REPLY_SECRET = 'local-reply-secret';
export const DEFAULT_CURSOR_SECRET = 'local-cursor-secret';

/** Secrets live in Secrets Manager in AWS; locally their values are plain environment variables. */
const SECRET_ENVIRONMENT: Readonly<Record<string, 'webhook' | 'stripe' | 'reply' | 'cursor'>> = {
  WEBHOOK_SECRET_ARN: 'webhook',
  STRIPE_WEBHOOK_SECRET_ARN: 'stripe',
  REPLY_SECRET_ARN: 'reply',
  CURSOR_SECRET_ARN: 'cursor',
};

export interface LocalServiceOptions {
  /** API port (0 picks a free one). @default 3000 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Port of the SES emulator and its mailbox page (0 picks a free one). @default 8005 */
  readonly mailboxPort?: number;
  /** SES's maximum send rate (messages per real second): past it SendEmail answers 429, as SES does. @default unlimited */
  readonly sesRatePerSecond?: number;
  /** `'manual'`: time moves only through `advanceTo`/`advanceBy`; `{speed}`: virtual seconds per real second. @default 'manual' */
  readonly clock?: 'manual' | { readonly speed: number };
  /** Starting virtual time. @default the time saved in `dataDir`, else the real time */
  readonly now?: Date | string;
  /** Persist DynamoDB, S3, the mailbox, the clock and running executions here. @default in memory */
  readonly dataDir?: string;
  /** @default env DUNNING_API_KEY, else 'local-dev-key' */
  readonly apiKey?: string;
  /** @default env DUNNING_WEBHOOK_SECRET, else 'local-webhook-secret' */
  readonly webhookSecret?: string;
  /** @default env STRIPE_WEBHOOK_SECRET, else 'local-stripe-secret' */
  readonly stripeWebhookSecret?: string;
  /** Key of the reply links in reminders. @default env DUNNING_REPLY_SECRET, else 'local-reply-secret' */
  readonly replySecret?: string;
  /** A template to run instead of synthesizing `bin/app.ts` (tests of the runner itself). */
  readonly template?: CfnTemplate;
  /** CDK context passed to `createApp` when synthesizing. */
  readonly context?: Record<string, unknown>;
  /** Where `relance:entry` paths are resolved. @default the repository root */
  readonly repoRoot?: string;
  /** Powertools log level of the handlers. @default 'WARN' */
  readonly logLevel?: string;
  /**
   * Run DynamoDB and S3 in this process instead of a child process (which uses a second core).
   * @default false
   */
  readonly inProcessEmulators?: boolean;
  /** Lambda invocations running at once in this process; more wait their turn. @default 32 */
  readonly maxConcurrentInvocations?: number;
  /**
   * Who posts the formal notice's registered letter: `none` (the seller), or `simulator`: the stack
   * synthesized with `relance:postalMail=maileva`, talking to a local simulator of Maileva's API.
   * @default 'none'
   */
  readonly postalMail?: 'none' | 'simulator';
  /** Fire the template's EventBridge Scheduler schedules (the daily finance snapshot) in virtual time. @default true */
  readonly schedules?: boolean;
}

/** Something that happened in the local service, in virtual time (for timelines and tests). */
export type LocalEvent =
  | { readonly kind: 'execution'; readonly event: EngineEvent }
  | { readonly kind: 'email'; readonly email: SentEmail }
  | {
      readonly kind: 'ses-event';
      readonly at: string;
      readonly detailType: string;
      readonly messageId: string;
      readonly recipients: readonly string[];
    };

export interface LocalClockControl {
  now(): Date;
  /** Moves virtual time to `instant`, firing due waits in order; resolves once everything has settled. */
  advanceTo(instant: Date | string): Promise<Date>;
  /** Same with an ISO 8601 duration (`P3D`, `PT6H`). */
  advanceBy(duration: string): Promise<Date>;
  /** Resolves once no work is in flight, without moving time. */
  settle(): Promise<void>;
  /** Runs `action` when virtual time reaches `at` (scripted scenarios such as the demo). */
  schedule(at: Date | string, action: () => Promise<void> | void): () => void;
  /** Runs time at `speed` virtual seconds per real second, or stops it (`undefined`: manual). */
  setSpeed(speed: number | undefined): void;
  readonly mode: 'manual' | 'speed';
}

export interface LocalService {
  /** Base URL of the API (no stage prefix; `/<stage>/…` paths are accepted too). */
  readonly apiUrl: string;
  /** The SES emulator: web page at `/`, JSON at `/store`. */
  readonly mailboxUrl: string;
  readonly apiKey: string;
  readonly webhookSecret: string;
  readonly stripeWebhookSecret: string;
  readonly replySecret: string;
  readonly stateMachineArn: string;
  readonly clock: LocalClockControl;
  readonly engine: LocalStepFunctions;
  readonly model: LocalModel;
  /** The in-process Lambda runtime (invocation hooks for benchmarks and tests). */
  readonly lambdas: LocalLambdas;
  /** Test hook: errors the local Step Functions endpoint answers instead of starting (quota full…). */
  readonly sfnFaults: StepFunctionsFaults;
  /** Holds every email at the SES emulator until released (tests of races with a slow SES). */
  holdSends(): SendHold;
  /** The metrics the handlers printed (EMF), drawn by `GET /_local/dashboards/{name}`. */
  readonly metrics: LocalMetricStore;
  /** `GET /_local/dashboards`: the template's CloudWatch dashboards, drawn locally. */
  readonly dashboardsUrl: string;
  /** Milliseconds from the call to ready (template, emulators, handlers loaded, servers listening). */
  readonly startupMs: number;
  onEvent(listener: (event: LocalEvent) => void): () => void;
  stop(): Promise<void>;
}

interface EnvironmentChange {
  restore(): void;
}

function applyEnvironment(values: Record<string, string | undefined>): EnvironmentChange {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    previous.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return {
    restore: () => {
      for (const [key, value] of previous) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** The union of the functions' environments (they agree: same table, bucket, state machine). */
function functionEnvironment(
  model: LocalModel,
  secrets: { webhook: string; stripe: string; reply: string; cursor: string },
  apiUrl: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  const conflicts = new Set<string>();
  for (const fn of model.functions.values()) {
    for (const [key, value] of Object.entries(fn.environment)) {
      // Maileva's credentials come from the simulator (MAILEVA_CREDENTIALS), not from Secrets Manager.
      if (key === 'NODE_OPTIONS' || key in SECRET_ENVIRONMENT || key === 'MAILEVA_SECRET_ARN') continue;
      if (environment[key] !== undefined && environment[key] !== value) conflicts.add(key);
      environment[key] = value;
    }
  }
  if (conflicts.size > 0) {
    console.warn(
      `[local] functions disagree on ${[...conflicts].join(', ')}; handlers share one process environment.`,
    );
  }
  environment.DUNNING_WEBHOOK_SECRET = secrets.webhook;
  environment.STRIPE_WEBHOOK_SECRET = secrets.stripe;
  environment.DUNNING_REPLY_SECRET = secrets.reply;
  environment.DUNNING_CURSOR_SECRET = secrets.cursor;
  // Reminders link to the reply page of this local API (in AWS: the stage URL from the template).
  environment.REPLY_BASE_URL = apiUrl;
  // One process owns the data directory: a send claim taken by another process was abandoned when that
  // process stopped (functions/core/claims.ts), whatever the virtual clock says.
  environment.SOLE_SENDER = 'true';
  return environment;
}

/**
 * Starts the local twin of the stack: synthesizes the CDK app (or takes `template`), provisions the
 * emulators from it, loads the handlers in-process, and serves the API with a virtual clock.
 */
export async function startLocalService(options: LocalServiceOptions = {}): Promise<LocalService> {
  const started = performance.now();
  const host = options.host ?? '127.0.0.1';
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const apiKey = options.apiKey ?? process.env.DUNNING_API_KEY ?? DEFAULT_API_KEY;
  const webhookSecret = options.webhookSecret ?? process.env.DUNNING_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET;
  const stripeWebhookSecret =
    options.stripeWebhookSecret ?? process.env.STRIPE_WEBHOOK_SECRET ?? DEFAULT_STRIPE_WEBHOOK_SECRET;
  const replySecret = options.replySecret ?? process.env.DUNNING_REPLY_SECRET ?? DEFAULT_REPLY_SECRET;
  const dataDir = options.dataDir;
  const stateFile = dataDir ? join(dataDir, 'stepfunctions', 'executions.json') : undefined;

  const { template, stackName } = options.template
    ? { template: options.template, stackName: 'Relance' }
    : await synthesizeTemplate({
        ...options.context,
        ...(options.postalMail === 'simulator'
          ? { 'relance:postalMail': 'maileva', 'relance:postalMailEnvironment': 'sandbox' }
          : {}),
      });
  const model = buildLocalModel(template, { stackName });
  const [stateMachine] = model.stateMachines;
  if (!stateMachine) throw new Error('The template has no state machine.');

  const persistedNow = LocalStepFunctions.persistedClock(stateFile);
  const requestedNow = options.now === undefined ? undefined : new Date(options.now).getTime();
  if (requestedNow !== undefined && Number.isNaN(requestedNow))
    throw new ClockError(`Invalid start time "${options.now}".`);
  const clock = new VirtualClock(
    new Date(Math.max(requestedNow ?? persistedNow ?? Date.now(), persistedNow ?? 0)),
  );
  const tracker = new WorkTracker();
  let engine: LocalStepFunctions | undefined;
  const scheduler = new Scheduler(clock, tracker, () => engine?.flush());

  let dynamoClient: DynamoDBClient | undefined;
  const lambdas = new LocalLambdas(
    model.functions,
    options.repoRoot ?? REPO_ROOT,
    tracker,
    options.maxConcurrentInvocations ?? 32,
  );
  // Built before anything starts: an unsupported task resource fails here, with nothing to clean up.
  engine = new LocalStepFunctions({
    stateMachines: model.stateMachines,
    lambdas,
    dynamo: {
      send: (command: never) => (dynamoClient as DynamoDBClient).send(command),
    } as unknown as DynamoDBClient,
    scheduler,
    stateFile,
  });
  const localEngine = engine;

  let listeners: ((event: LocalEvent) => void)[] = [];
  const emit = (event: LocalEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('[local] event listener failed:', error);
      }
    }
  };
  localEngine.onEvent((event) => emit({ kind: 'execution', event }));

  const sesDestinations = new Map(
    model.sesEventDestinations.map((d) => [d.configurationSetName, new Set(d.eventTypes)]),
  );
  const onSend = (email: SentEmail) => {
    emit({ kind: 'email', email });
    const eventTypes = email.configurationSetName
      ? sesDestinations.get(email.configurationSetName)
      : undefined;
    if (!eventTypes) return;
    const deliveries: [EventBridgeEvent, string][] = [];
    for (const event of sesEventsFor(email, {
      region: model.resolver.region,
      accountId: model.resolver.accountId,
      eventTypes,
    })) {
      for (const rule of model.eventRules) {
        if (!matchesPattern(rule.pattern, event)) continue;
        for (const target of rule.targetFunctionLogicalIds) deliveries.push([event, target]);
      }
    }
    if (deliveries.length === 0) return;
    // Delivered once the invocation that sent the email has finished (it records the message id first).
    const end = tracker.begin();
    void Promise.allSettled(lambdas.running())
      .then(async () => {
        for (const [event, target] of deliveries) {
          const fn = model.functions.get(target);
          if (!fn) continue;
          try {
            await lambdas.invoke(fn, event);
          } catch (error) {
            console.error(
              `[local] ${fn.logicalId} failed on "${event['detail-type']}":`,
              (error as Error).message,
            );
          }
          const detail = event.detail as Record<string, Record<string, unknown>>;
          emit({
            kind: 'ses-event',
            at: clock.now().toISOString(),
            detailType: event['detail-type'],
            messageId: String(detail.mail?.messageId),
            recipients: recipientsOf(event),
          });
        }
      })
      .finally(end);
  };

  const running: { close(): Promise<void> }[] = [];
  let environment: EnvironmentChange | undefined;
  let previousClock: ReturnType<typeof installClock> | undefined;
  let clockInstalled = false;
  const closeAll = async () => {
    for (const item of running.reverse()) {
      try {
        await item.close();
      } catch (error) {
        console.error('[local] error while stopping:', error);
      }
    }
    running.length = 0;
    dynamoClient?.destroy();
    environment?.restore();
    if (clockInstalled) installClock(previousClock);
    setAwsClients(undefined);
  };

  try {
    const sfnFaults = new StepFunctionsFaults();
    const sfnServer = createStepFunctionsEndpoint(localEngine, tracker, sfnFaults);
    // A template without a key or usage plan (tests of the runner) still gets one working key.
    const operatorKey = model.api?.apiKeys[0];
    const apiKeys = new LocalApiKeys({
      operator: {
        id: operatorKey?.id ?? 'local-api-key',
        usagePlanId: operatorKey?.usagePlanId ?? 'local-usage-plan',
        value: apiKey,
      },
      file: dataDir ? join(dataDir, 'apigateway', 'api-keys.json') : undefined,
    });
    const apiGatewayServer = createApiGatewayEndpoint(apiKeys, tracker);
    const launched = await Promise.allSettled([
      startStorageEmulators({
        host: '127.0.0.1',
        buckets: model.buckets,
        dataDir,
        inProcess: options.inProcessEmulators,
      }),
      startMailbox({
        host,
        port: options.mailboxPort ?? 8005,
        clock,
        dataDir,
        onSend,
        ratePerSecond: options.sesRatePerSecond,
      }),
      listen(sfnServer, 0, '127.0.0.1').then((port) => ({ port, close: () => closeServer(sfnServer) })),
      listen(apiGatewayServer, 0, '127.0.0.1').then((port) => ({
        port,
        close: () => closeServer(apiGatewayServer),
      })),
    ]);
    for (const result of launched) if (result.status === 'fulfilled') running.push(result.value);
    const failure = launched.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const [storage, mailbox, sfn, apiGateway] = launched.map(
      (result) => (result as PromiseFulfilledResult<unknown>).value,
    ) as [StorageEmulators, Mailbox, { port: number }, { port: number }];
    const sfnPort = sfn.port;
    const dynamo = { endpoint: storage.dynamoEndpoint };
    const s3 = { endpoint: storage.s3Endpoint };
    const sfnEndpoint = `http://127.0.0.1:${sfnPort}`;

    // The API listens first: its URL goes into the functions' environment (reply links in reminders).
    let handleRequest: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
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
    const apiPort = await listen(apiServer, options.port ?? 3000, host);
    running.push({ close: () => closeServer(apiServer) });
    const apiUrl = `http://${urlHost}:${apiPort}`;

    // Registered letters go to a local simulator of Maileva's API (credentials from it, not Secrets Manager).
    let postal: Record<string, string> = {};
    if (options.postalMail === 'simulator') {
      const simulator = await startMailevaSimulator({ now: () => clock.now() });
      running.push({ close: () => simulator.close() });
      postal = {
        MAILEVA_API_URL: simulator.apiUrl,
        MAILEVA_TOKEN_URL: simulator.tokenUrl,
        MAILEVA_CREDENTIALS: simulator.credentials,
      };
    }

    environment = applyEnvironment({
      ...functionEnvironment(
        model,
        {
          webhook: webhookSecret,
          stripe: stripeWebhookSecret,
          reply: replySecret,
          cursor: process.env.DUNNING_CURSOR_SECRET ?? DEFAULT_CURSOR_SECRET,
        },
        apiUrl,
      ),
      ...postal,
      AWS_REGION: model.resolver.region,
      AWS_DEFAULT_REGION: model.resolver.region,
      // s3rver only accepts this access key; the other emulators accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SESV2: mailbox.url,
      AWS_ENDPOINT_URL_SFN: sfnEndpoint,
      AWS_ENDPOINT_URL_API_GATEWAY: `http://127.0.0.1:${apiGateway.port}`,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
      // Metrics on: their EMF lines are taken off stdout into the local metric store.
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    previousClock = installClock(clock);
    clockInstalled = true;
    setAwsClients(undefined);

    dynamoClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: model.resolver.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await Promise.all([provisionTables(dynamoClient, model.tables), lambdas.loadAll()]);
    localEngine.restore();
    const metricStore = new LocalMetricStore(dataDir);
    const untap = tapEmf((document) => metricStore.record(document, clock.nowMs()));
    running.push({ close: async () => untap() });
    if (options.schedules !== false) armSchedules(template, model, { lambdas, scheduler, clock });
    const dashboardRoutes = createDashboardRoutes({
      template,
      resolver: model.resolver,
      store: metricStore,
      nowMs: () => clock.nowMs(),
    });

    const adapter = model.api
      ? new ApiGatewayAdapter({ api: model.api, lambdas, keys: apiKeys, clock })
      : undefined;
    let mode: 'manual' | 'speed' =
      options.clock === undefined || options.clock === 'manual' ? 'manual' : 'speed';
    const clockControl: LocalClockControl = {
      get mode() {
        return mode;
      },
      setSpeed: (speed) => {
        if (speed === undefined) scheduler.stopRealtime();
        else scheduler.startRealtime(speed);
        mode = speed === undefined ? 'manual' : 'speed';
      },
      now: () => clock.now(),
      advanceTo: async (instant) => {
        const target = new Date(instant).getTime();
        if (Number.isNaN(target)) throw new ClockError(`Invalid instant "${String(instant)}".`);
        await scheduler.advanceTo(target);
        return clock.now();
      },
      advanceBy: async (duration) => {
        await scheduler.advanceTo(targetOf({ advanceBy: duration }, clock.nowMs()));
        return clock.now();
      },
      settle: () => scheduler.settle(),
      schedule: (at, action) => scheduler.schedule(new Date(at).getTime(), action),
    };

    const info = () => ({
      apiUrl,
      mailboxUrl: mailbox.url,
      dashboardsUrl: `${apiUrl}/_local/dashboards`,
      now: clock.now().toISOString(),
      clock: mode,
      stateMachineArn: stateMachine.arn,
      stage: model.api?.stageName,
    });
    const serveRequest = async (request: IncomingMessage, response: ServerResponse) => {
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
    const handleLocalRoute = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
      const route = `${request.method} ${url.pathname}`;
      if (await dashboardRoutes(request, response, url)) return;
      if (route === 'GET /_local/info') return sendJson(response, 200, info());
      if (route === 'GET /_local/clock') return sendJson(response, 200, { now: clock.now().toISOString() });
      if (route === 'GET /_local/executions')
        return sendJson(response, 200, { executions: localEngine.listExecutions() });
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

    handleRequest = serveRequest;

    if (mode === 'speed') scheduler.startRealtime((options.clock as { speed: number }).speed);

    let stopped = false;
    const service: LocalService = {
      apiUrl,
      mailboxUrl: mailbox.url,
      apiKey,
      webhookSecret,
      stripeWebhookSecret,
      replySecret,
      stateMachineArn: stateMachine.arn,
      clock: clockControl,
      engine: localEngine,
      model,
      lambdas,
      sfnFaults,
      holdSends: () => mailbox.holdSends(),
      metrics: metricStore,
      dashboardsUrl: `${apiUrl}/_local/dashboards`,
      startupMs: Math.round(performance.now() - started),
      onEvent: (listener) => {
        listeners.push(listener);
        return () => {
          listeners = listeners.filter((item) => item !== listener);
        };
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        // Let work in flight finish (sends, API calls); executions waiting in virtual time stay as they are.
        const grace = new Promise((resolve) => setTimeout(resolve, 5000).unref());
        await Promise.race([scheduler.close().then(() => tracker.idle()), grace]);
        await localEngine.shutdown();
        listeners = [];
        await closeAll();
      },
    };
    return service;
  } catch (error) {
    await localEngine.shutdown();
    await closeAll();
    throw error;
  }
}

function recipientsOf(event: EventBridgeEvent): string[] {
  const detail = event.detail as Record<string, { [key: string]: unknown }>;
  const bounce = detail.bounce?.bouncedRecipients as { emailAddress: string }[] | undefined;
  const complaint = detail.complaint?.complainedRecipients as { emailAddress: string }[] | undefined;
  const delivery = detail.delivery?.recipients as string[] | undefined;
  return bounce?.map((r) => r.emailAddress) ?? complaint?.map((r) => r.emailAddress) ?? delivery ?? [];
}
