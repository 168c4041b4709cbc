import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setAwsClients } from '../../functions/shared/aws-clients';
import { installClock } from '../../functions/shared/clock';
import { ApiGatewayAdapter } from './api-gateway';
import { type Closable, startBackends } from './backends';
import { Scheduler, VirtualClock, WorkTracker } from './clock';
import { createClockControl, startingInstant } from './clock-control';
import { createDashboardRoutes } from './dashboard-routes';
import { provisionTables } from './emulators';
import { LocalStepFunctions } from './engine';
import {
  applyEnvironment,
  awsEnvironment,
  type EnvironmentChange,
  functionEnvironment,
  localSecrets,
} from './function-environment';
import { HandlerThreads } from './handler-threads';
import { LocalLambdas } from './lambda';
import { Listeners } from './listeners';
import { installLocalClients, presenceOnlySigner } from './local-clients';
import { createRequestHandler, listenApi } from './local-routes';
import { startMailevaSimulator } from './maileva-simulator';
import { LocalMetricStore, tapEmf } from './metrics';
import { armSchedules } from './schedules';
import type { LocalEvent, LocalService, LocalServiceOptions } from './service-types';
import { sesEventRelay } from './ses-event-relay';
import { synthesizeTemplate } from './synth';
import { buildLocalModel } from './template';

export type { LocalEvent, LocalService, LocalServiceOptions } from './service-types';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts the local twin of the stack: synthesizes the CDK app (or takes `template`), provisions the
 * emulators from it, loads the handlers in-process, and serves the API with a virtual clock.
 * This is the composition root: each piece lives in a module of its own (docs/architecture.md).
 */
export async function startLocalService(options: LocalServiceOptions = {}): Promise<LocalService> {
  const started = performance.now();
  const host = options.host ?? '127.0.0.1';
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const { apiKey, ...secrets } = localSecrets(options);
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

  const clock = new VirtualClock(startingInstant(options.now, LocalStepFunctions.persistedClock(stateFile)));
  const tracker = new WorkTracker();
  let engine: LocalStepFunctions | undefined;
  const scheduler = new Scheduler(clock, tracker, () => engine?.flush());

  let dynamoClient: DynamoDBClient | undefined;
  const lambdas = new LocalLambdas(
    model.functions,
    options.repoRoot ?? REPO_ROOT,
    tracker,
    options.maxConcurrentInvocations ?? 32,
    options.handlerThreads
      ? new HandlerThreads(options.repoRoot ?? REPO_ROOT, () => clock.nowMs())
      : undefined,
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

  const listeners = new Listeners<LocalEvent>('event');
  const emit = (event: LocalEvent) => listeners.emit(event);
  localEngine.onEvent((event) => emit({ kind: 'execution', event }));

  const running: Closable[] = [];
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
    await lambdas.close();
    environment?.restore();
    if (clockInstalled) installClock(previousClock);
    setAwsClients(undefined);
  };

  try {
    const { storage, mailbox, apiKeys, sfnFaults, sfnEndpoint, apiGatewayEndpoint } = await startBackends(
      {
        model,
        engine: localEngine,
        tracker,
        clock,
        host,
        mailboxPort: options.mailboxPort ?? 8005,
        sesRatePerSecond: options.sesRatePerSecond,
        dataDir,
        inProcessEmulators: options.inProcessEmulators,
        apiKey,
        onSend: sesEventRelay({ model, lambdas, tracker, clock, emit }),
      },
      running,
    );

    const api = await listenApi(options.port ?? 3000, host);
    running.push(api);
    const apiUrl = `http://${urlHost}:${api.port}`;

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

    const endpoints = {
      dynamo: storage.dynamoEndpoint,
      s3: storage.s3Endpoint,
      ses: mailbox.url,
      sfn: sfnEndpoint,
      apiGateway: apiGatewayEndpoint,
    };
    environment = applyEnvironment({
      ...functionEnvironment(model, secrets, apiUrl),
      ...postal,
      ...awsEnvironment(model.resolver.region, endpoints, options.logLevel ?? 'WARN'),
    });
    previousClock = installClock(clock);
    clockInstalled = true;
    setAwsClients(undefined);
    installLocalClients(model.resolver.region);

    dynamoClient = new DynamoDBClient({
      endpoint: storage.dynamoEndpoint,
      region: model.resolver.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      signer: presenceOnlySigner('dynamodb', model.resolver.region),
    });
    await Promise.all([provisionTables(dynamoClient, model.tables), lambdas.loadAll()]);
    localEngine.restore();
    const metricStore = new LocalMetricStore(dataDir);
    const untap = tapEmf((document) => metricStore.record(document, clock.nowMs()));
    running.push({ close: async () => untap() });
    if (options.schedules !== false) armSchedules(template, model, { lambdas, scheduler, clock });

    const initialMode = options.clock === undefined || options.clock === 'manual' ? 'manual' : 'speed';
    const clockControl = createClockControl(clock, scheduler, initialMode);
    api.serve(
      createRequestHandler({
        clock,
        scheduler,
        tracker,
        engine: localEngine,
        adapter: model.api
          ? new ApiGatewayAdapter({ api: model.api, lambdas, keys: apiKeys, clock })
          : undefined,
        dashboardRoutes: createDashboardRoutes({
          template,
          resolver: model.resolver,
          store: metricStore,
          nowMs: () => clock.nowMs(),
        }),
        info: () => ({
          apiUrl,
          mailboxUrl: mailbox.url,
          dashboardsUrl: `${apiUrl}/_local/dashboards`,
          now: clock.now().toISOString(),
          clock: clockControl.mode,
          stateMachineArn: stateMachine.arn,
          stage: model.api?.stageName,
        }),
      }),
    );

    if (initialMode === 'speed') scheduler.startRealtime((options.clock as { speed: number }).speed);

    let stopped = false;
    return {
      apiUrl,
      mailboxUrl: mailbox.url,
      apiKey,
      webhookSecret: secrets.webhook,
      stripeWebhookSecret: secrets.stripe,
      replySecret: secrets.reply,
      stateMachineArn: stateMachine.arn,
      clock: clockControl,
      engine: localEngine,
      model,
      lambdas,
      sfnFaults,
      holdSends: () => mailbox.holdSends(),
      emulatorStats: async () => {
        const storageStats = await storage.stats();
        return { calls: { ...storageStats.calls, ...mailbox.calls() }, storageCpuMs: storageStats.cpuMs };
      },
      metrics: metricStore,
      dashboardsUrl: `${apiUrl}/_local/dashboards`,
      startupMs: Math.round(performance.now() - started),
      onEvent: (listener) => listeners.add(listener),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        // Let work in flight finish (sends, API calls); executions waiting in virtual time stay as they are.
        const grace = new Promise((resolve) => setTimeout(resolve, 5000).unref());
        await Promise.race([scheduler.close().then(() => tracker.idle()), grace]);
        await localEngine.shutdown();
        listeners.clear();
        await closeAll();
      },
    };
  } catch (error) {
    await localEngine.shutdown();
    await closeAll();
    throw error;
  }
}
