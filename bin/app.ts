import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InvalidConfigurationError } from '../lib/errors';
import { POSTAL_MAIL_PROVIDERS, type PostalMailProvider } from '../lib/postal';
import { RelanceStack } from '../lib/relance-stack';

export interface CreateAppOptions {
  /**
   * Bundle the Lambda code with esbuild. `false` skips bundling (the local runner and most construct
   * tests only need the template). @default true
   */
  readonly bundle?: boolean;
  /** Context values (`relance:senderDomain`, `relance:alarmEmail`, `relance:stage`…); the CLI's `-c` wins. */
  readonly context?: Record<string, unknown>;
  /** Run cdk-nag AwsSolutions checks at synth (violations fail the synth). @default context `relance:nag` */
  readonly nag?: boolean;
  /** Where the cloud assembly is written. @default - the CLI's, or a temporary directory */
  readonly outdir?: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN_PATTERN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Builds the Relance CDK app from its context. Throws InvalidConfigurationError on a bad context. */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: RelanceStack } {
  const app = new App({
    context: options.context,
    // Set after the CLI context so that `bundle: false` always wins.
    postCliContext: options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : undefined,
    outdir: options.outdir,
  });

  const senderDomain = stringContext(app, 'relance:senderDomain');
  if (senderDomain === undefined) {
    throw new InvalidConfigurationError(
      'Missing context relance:senderDomain: the domain SES sends from, e.g. `npx cdk synth -c relance:senderDomain=atelier-dupont.fr`.',
    );
  }
  if (!DOMAIN_PATTERN.test(senderDomain)) {
    throw new InvalidConfigurationError(
      `Invalid context relance:senderDomain "${senderDomain}": expected a domain name such as atelier-dupont.fr.`,
    );
  }
  const alarmEmail = stringContext(app, 'relance:alarmEmail');
  if (alarmEmail !== undefined && !EMAIL_PATTERN.test(alarmEmail)) {
    throw new InvalidConfigurationError(
      `Invalid context relance:alarmEmail "${alarmEmail}": expected an email address.`,
    );
  }
  const stage = stringContext(app, 'relance:stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new InvalidConfigurationError(
      `Invalid context relance:stage "${stage}": expected [a-z][a-z0-9-]{0,15}.`,
    );
  }

  const postalMail = stringContext(app, 'relance:postalMail') ?? 'none';
  if (!(POSTAL_MAIL_PROVIDERS as readonly string[]).includes(postalMail)) {
    throw new InvalidConfigurationError(
      `Invalid context relance:postalMail "${postalMail}": expected ${POSTAL_MAIL_PROVIDERS.join(' or ')}.`,
    );
  }
  const postalMailEnvironment = stringContext(app, 'relance:postalMailEnvironment') ?? 'production';
  if (postalMailEnvironment !== 'production' && postalMailEnvironment !== 'sandbox') {
    throw new InvalidConfigurationError(
      `Invalid context relance:postalMailEnvironment "${postalMailEnvironment}": expected production or sandbox.`,
    );
  }

  const quotaText = stringContext(app, 'relance:openExecutionQuota');
  const openExecutionQuota = quotaText === undefined ? undefined : Number(quotaText);
  if (openExecutionQuota !== undefined && !(Number.isInteger(openExecutionQuota) && openExecutionQuota > 0)) {
    throw new InvalidConfigurationError(
      `Invalid context relance:openExecutionQuota "${quotaText}": expected a positive integer.`,
    );
  }

  const stack = new RelanceStack(app, `Relance-${stage}`, {
    description: `Relance dunning service (${stage})`,
    senderDomain,
    alarmEmail,
    stage,
    postalMail: postalMail as PostalMailProvider,
    postalMailEnvironment,
    openExecutionQuota,
  });

  const nag = options.nag ?? ['true', true].includes(app.node.tryGetContext('relance:nag'));
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** A context value as a trimmed string; empty (cdk.json's `""`) counts as absent. */
function stringContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InvalidConfigurationError(
      `Invalid context ${key}: expected a string, got ${JSON.stringify(value)}.`,
    );
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  try {
    createApp().app.synth();
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      console.error(`relance: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
