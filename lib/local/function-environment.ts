import type { LocalServiceOptions } from './service-types';
import type { LocalModel } from './template';

/**
 * The process environment the handlers run with locally: what their CloudFormation environment says,
 * secrets as plain values, and every AWS SDK endpoint pointed at an emulator.
 */

export const DEFAULT_API_KEY = 'local-dev-key';
export const DEFAULT_WEBHOOK_SECRET = 'local-webhook-secret';
export const DEFAULT_STRIPE_WEBHOOK_SECRET = 'local-stripe-secret';
export const DEFAULT_REPLY_SECRET = 'local-reply-secret';
export const DEFAULT_CURSOR_SECRET = 'local-cursor-secret';

export interface LocalSecrets {
  readonly webhook: string;
  readonly stripe: string;
  readonly reply: string;
  readonly cursor: string;
}

/** The operator's API key and the secrets: from the options, else the environment, else the defaults. */
export function localSecrets(options: LocalServiceOptions): LocalSecrets & { readonly apiKey: string } {
  return {
    apiKey: options.apiKey ?? process.env.DUNNING_API_KEY ?? DEFAULT_API_KEY,
    webhook: options.webhookSecret ?? process.env.DUNNING_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET,
    stripe: options.stripeWebhookSecret ?? process.env.STRIPE_WEBHOOK_SECRET ?? DEFAULT_STRIPE_WEBHOOK_SECRET,
    reply: options.replySecret ?? process.env.DUNNING_REPLY_SECRET ?? DEFAULT_REPLY_SECRET,
    cursor: process.env.DUNNING_CURSOR_SECRET ?? DEFAULT_CURSOR_SECRET,
  };
}

/** Secrets live in Secrets Manager in AWS; locally their values are plain environment variables. */
const SECRET_ENVIRONMENT: Readonly<Record<string, 'webhook' | 'stripe' | 'reply' | 'cursor'>> = {
  WEBHOOK_SECRET_ARN: 'webhook',
  STRIPE_WEBHOOK_SECRET_ARN: 'stripe',
  REPLY_SECRET_ARN: 'reply',
  CURSOR_SECRET_ARN: 'cursor',
};

export interface EnvironmentChange {
  restore(): void;
}

/** Sets (or, for `undefined`, removes) variables of this process; `restore` puts the previous values back. */
export function applyEnvironment(values: Record<string, string | undefined>): EnvironmentChange {
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
export function functionEnvironment(
  model: LocalModel,
  secrets: LocalSecrets,
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

/** Where the emulators listen, for the SDK clients the handlers build. */
export interface EmulatorEndpoints {
  readonly dynamo: string;
  readonly s3: string;
  readonly ses: string;
  readonly sfn: string;
  readonly apiGateway: string;
}

/** The AWS part of the handlers' environment: region, dummy credentials, emulator endpoints, Powertools. */
export function awsEnvironment(
  region: string,
  endpoints: EmulatorEndpoints,
  logLevel: string,
): Record<string, string | undefined> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    // s3rver only accepts this access key; the other emulators accept any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn,
    AWS_ENDPOINT_URL_API_GATEWAY: endpoints.apiGateway,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: logLevel,
    // Metrics on: their EMF lines are taken off stdout into the local metric store.
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}
