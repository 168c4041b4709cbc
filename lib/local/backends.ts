import { join } from 'node:path';
import { createApiGatewayEndpoint, LocalApiKeys } from './api-keys';
import type { VirtualClock, WorkTracker } from './clock';
import { type StorageEmulators, startStorageEmulators } from './emulators';
import type { LocalStepFunctions } from './engine';
import { closeServer, listen } from './http';
import { type Mailbox, type SentEmail, startMailbox } from './mailbox';
import { createStepFunctionsEndpoint, StepFunctionsFaults } from './sfn-endpoint';
import type { LocalModel } from './template';

export interface Closable {
  close(): Promise<void>;
}

export interface BackendOptions {
  readonly model: LocalModel;
  readonly engine: LocalStepFunctions;
  readonly tracker: WorkTracker;
  readonly clock: VirtualClock;
  /** Interface of the mailbox page. */
  readonly host: string;
  readonly mailboxPort: number;
  readonly sesRatePerSecond: number | undefined;
  readonly dataDir: string | undefined;
  readonly inProcessEmulators: boolean | undefined;
  /** The operator's API key value. */
  readonly apiKey: string;
  readonly onSend: (email: SentEmail) => void;
}

export interface Backends {
  readonly storage: StorageEmulators;
  readonly mailbox: Mailbox;
  readonly apiKeys: LocalApiKeys;
  readonly sfnFaults: StepFunctionsFaults;
  readonly sfnEndpoint: string;
  readonly apiGatewayEndpoint: string;
}

/**
 * Starts what the handlers' SDK clients talk to, in parallel: DynamoDB and S3, the SES emulator and its
 * mailbox, the Step Functions and API Gateway endpoints. Whatever started is added to `running` (to be
 * closed by the caller) even when another part fails.
 */
export async function startBackends(options: BackendOptions, running: Closable[]): Promise<Backends> {
  const { model, engine, tracker, clock, host, dataDir, apiKey, onSend } = options;
  const sfnFaults = new StepFunctionsFaults();
  const sfnServer = createStepFunctionsEndpoint(engine, tracker, sfnFaults);
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
      port: options.mailboxPort,
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
  return {
    storage,
    mailbox,
    apiKeys,
    sfnFaults,
    sfnEndpoint: `http://127.0.0.1:${sfn.port}`,
    apiGatewayEndpoint: `http://127.0.0.1:${apiGateway.port}`,
  };
}
