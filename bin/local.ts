import { parseArgs } from 'node:util';
import { type DemoRun, runDemo } from '../lib/local/demo';
import { terminalOutput } from '../lib/local/demo-output';
import { type LocalService, startLocalService } from '../lib/local/service';

/**
 * `npm start`: the whole service on this machine (README, "Local mode"). Synthesizes the CDK app, runs its state
 * machine, handlers and API against embedded emulators with a virtual clock, and plays the demo.
 */

const HELP = `Usage: npm start -- [options]

  --speed <n>          virtual seconds per real second (default: 86400, one day per second,
                       with the demo; 1, real time, with --no-demo)
  --clock manual       time moves only through POST /_local/clock
  --now <ISO>          starting virtual time (default: now, or the time saved in --data-dir)
  --port <n>           API port (default 3000)
  --mailbox-port <n>   SES emulator and mailbox page port (default 8005)
  --ses-rate <n>       SES's maximum send rate in messages per second (default: unlimited); past it
                       SendEmail answers 429 TooManyRequestsException, as SES does
  --data-dir <path>    keep data, mailbox, clock and running executions between runs
  --postal-mail simulator  post formal notices as registered letters through a local simulator of
                       Maileva's API (default none: the seller posts them)
  --no-demo            do not seed the demo seller and invoices
  --verbose            show the handlers' logs (Powertools INFO)
  -h, --help           this help

Environment: DUNNING_API_KEY (default local-dev-key), DUNNING_WEBHOOK_SECRET (default local-webhook-secret).`;

function fail(message: string): never {
  console.error(`relance local: ${message}\n\n${HELP}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    fail(`${name} must be a port number, got "${value}".`);
  return parsed;
}

function positiveNumber(value: string, name: string): number {
  const parsed = Number(value);
  if (!(parsed > 0) || !Number.isFinite(parsed)) fail(`${name} must be a positive number, got "${value}".`);
  return parsed;
}

function describeSpeed(speed: number): string {
  if (speed === 86400) return 'one virtual day per real second';
  if (speed === 1) return 'real time';
  return `${speed} virtual seconds per real second`;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      options: {
        speed: { type: 'string' },
        clock: { type: 'string' },
        now: { type: 'string' },
        port: { type: 'string' },
        'mailbox-port': { type: 'string' },
        'ses-rate': { type: 'string' },
        'data-dir': { type: 'string' },
        'postal-mail': { type: 'string' },
        'no-demo': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(HELP);
    return;
  }
  const demo = values['no-demo'] !== true;
  if (values.clock !== undefined && values.clock !== 'manual') fail('--clock accepts only "manual".');
  if (values.clock === 'manual' && values.speed !== undefined)
    fail('--speed and --clock manual exclude each other.');
  const speed = values.speed === undefined ? (demo ? 86400 : 1) : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed))
    fail(`--speed must be a positive number, got "${String(values.speed)}".`);
  const manual = values.clock === 'manual';
  if (values.now !== undefined && Number.isNaN(Date.parse(String(values.now))))
    fail(`--now must be an ISO date-time.`);

  const postalMail = (values['postal-mail'] as string | undefined) ?? 'none';
  if (postalMail !== 'none' && postalMail !== 'simulator')
    fail('--postal-mail accepts "none" or "simulator".');

  console.log('Relance local: synthesizing the CDK app and starting the emulators…');
  let service: LocalService;
  try {
    service = await startLocalService({
      port: integer(values.port as string | undefined, '--port', 3000),
      mailboxPort: integer(values['mailbox-port'] as string | undefined, '--mailbox-port', 8005),
      ...(values['ses-rate'] === undefined
        ? {}
        : { sesRatePerSecond: positiveNumber(values['ses-rate'] as string, '--ses-rate') }),
      // Started in manual mode: the demo seeds at one instant, then time runs.
      clock: 'manual',
      now: values.now as string | undefined,
      dataDir: values['data-dir'] as string | undefined,
      logLevel: values.verbose ? 'INFO' : 'WARN',
      postalMail,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      fail(
        `a port is already in use (${(error as Error).message}); choose others with --port / --mailbox-port.`,
      );
    throw error;
  }

  const { apiUrl, apiKey } = service;
  const lines = [
    '',
    `  Relance is running (ready in ${(service.startupMs / 1000).toFixed(1)} s)`,
    '',
    `  API             ${apiUrl}`,
    `  API key         ${apiKey}   (header x-api-key)`,
    `  Webhook secret  ${service.webhookSecret}`,
    `  Mailbox         ${service.mailboxUrl}   (every email sent; JSON at /store)`,
    `  Clock           ${service.clock.now().toISOString()}, ${manual ? 'manual: POST /_local/clock moves it' : describeSpeed(speed)}`,
    `  Data            ${values['data-dir'] ? `kept in ${String(values['data-dir'])}` : 'in memory (use --data-dir to keep it)'}`,
    '',
    '  Try:',
    `    curl -s ${apiUrl}/health`,
    `    curl -s -H 'x-api-key: ${apiKey}' '${apiUrl}/invoices?sellerId=atelier-dupont'`,
    `    curl -s -X POST ${apiUrl}/_local/clock -d '{"advanceBy":"P7D"}'`,
    '',
  ];
  console.log(lines.join('\n'));

  let demoRun: DemoRun | undefined;
  if (demo) {
    try {
      demoRun = await runDemo(service, terminalOutput());
    } catch (error) {
      console.error(`relance local: the demo could not start: ${(error as Error).message}`);
    }
  }
  if (!manual) service.clock.setSpeed(speed);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.error('\nForced exit.');
      process.exit(130);
    }
    stopping = true;
    demoRun?.stop();
    console.log(
      `\n${signal}: stopping${values['data-dir'] ? ' (running executions are saved and resume at the next start)' : ''}…`,
    );
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Interrupted'));
  process.on('SIGTERM', () => void stop('Terminated'));
}

main().catch((error: unknown) => {
  console.error('relance local:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
