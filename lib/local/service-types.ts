import type { CfnTemplate } from './cfn';
import type { CallCounts } from './emulators';
import type { EngineEvent, LocalStepFunctions } from './engine';
import type { LocalLambdas } from './lambda';
import type { SendHold, SentEmail } from './mailbox';
import type { LocalMetricStore } from './metrics';
import type { StepFunctionsFaults } from './sfn-endpoint';
import type { LocalModel } from './template';

/** The local service's contract: its options, its events and the handle `startLocalService` returns. */

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
   * Run the handlers in a worker thread instead of this one, so that their SDK work, rendering and
   * PDFs can use another core than the engine and the API (lib/local/handler-threads.ts). The small
   * scenarios of the tests run faster in-process.
   * @default false
   */
  readonly handlerThreads?: boolean;
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
  /**
   * Requests the emulators served so far by operation (`dynamodb:PutItem`, `s3:GET`, `ses:POST`…), and
   * the CPU time of the DynamoDB/S3 process when they run in their own (benchmarks).
   */
  emulatorStats(): Promise<{ calls: CallCounts; storageCpuMs?: number }>;
  /** Milliseconds from the call to ready (template, emulators, handlers loaded, servers listening). */
  readonly startupMs: number;
  onEvent(listener: (event: LocalEvent) => void): () => void;
  stop(): Promise<void>;
}
