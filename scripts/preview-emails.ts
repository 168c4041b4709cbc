/**
 * `npm run preview:emails`: renders every message (step × locale × tone × customer type) of the test
 * fixtures into `preview/` as HTML and text, with an index page, plus the formal-notice letters as PDF.
 * With Debian's Chromium at /usr/bin/chromium it also takes PNG screenshots at phone (375 px) and
 * desktop (1024 px) widths: the standard-tone business messages by default, everything with `--all`.
 *
 * Options: `--all` (screenshot every variant), `--no-screenshots`, `--docs` (also copy a few pictures
 * into docs/images/ for the README).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Locale } from '../functions/core/money';
import { MESSAGE_STEPS, type MessageStep } from '../functions/core/steps';
import type { PayerProfile } from '../functions/core/tone';
import { renderFormalNoticeLetter, renderMessage } from '../functions/send-message/render';
import { businessCustomer, consumerCustomer, messageContext } from '../test/fixtures/messages';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREVIEW_DIR = path.join(ROOT, 'preview');
const DOCS_IMAGES = path.join(ROOT, 'docs', 'images');
const CHROMIUM = '/usr/bin/chromium';
const WIDTHS = { phone: 375, desktop: 1024 } as const;
type Width = keyof typeof WIDTHS;

/** Flags for a root, offline, headless Chromium (see the machine notes): no sandbox, no network chatter. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--mute-audio',
];

interface Variant {
  readonly step: MessageStep;
  readonly locale: Locale;
  readonly tone: PayerProfile;
  readonly customerType: 'business' | 'consumer';
  readonly name: string;
}

function variants(): Variant[] {
  const list: Variant[] = [];
  for (const step of MESSAGE_STEPS) {
    for (const locale of ['fr', 'en'] as const) {
      for (const tone of ['good', 'standard', 'bad'] as const) {
        for (const customerType of ['business', 'consumer'] as const) {
          list.push({ step, locale, tone, customerType, name: `${step}.${locale}.${tone}.${customerType}` });
        }
      }
    }
  }
  return list;
}

function contextOf(variant: Variant) {
  return messageContext(variant.step, {
    locale: variant.locale,
    tone: variant.tone,
    customer: variant.customerType === 'business' ? businessCustomer : consumerCustomer,
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Runs Chromium once; resolves with its stdout. */
async function chromium(args: readonly string[], profile: string): Promise<string> {
  const { stdout } = await run(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/**
 * Heights of the emails at their screenshot widths, measured in one Chromium run: each email is laid out
 * in an iframe of the target width (a headless window cannot be narrower than 500 px, an iframe can),
 * which reports its height into the DOM that Chromium dumps.
 */
async function measureHeights(
  jobs: readonly { key: string; html: string; width: number }[],
  workDir: string,
): Promise<Map<string, number>> {
  const frames = jobs.map(
    (job) =>
      `<iframe data-key="${job.key}" style="display:block;border:0;width:${job.width}px;height:40px" ` +
      `onload="this.setAttribute('data-height', String(Math.ceil(this.contentDocument.documentElement.scrollHeight)))" ` +
      `srcdoc="${escapeHtml(job.html)}"></iframe>`,
  );
  const probe = path.join(workDir, 'measure.html');
  await writeFile(probe, `<!doctype html><meta charset="utf-8"><body>${frames.join('\n')}</body>`);
  const profile = await mkdtemp(path.join(workDir, 'profile-'));
  const dom = await chromium(['--window-size=1200,800', '--dump-dom', pathToFileURL(probe).href], profile);
  const heights = new Map<string, number>();
  for (const match of dom.matchAll(/data-key="([^"]+)"[^>]*data-height="(\d+)"/g)) {
    heights.set(match[1] as string, Number(match[2]));
  }
  return heights;
}

/** Screenshots a whole email at a width, given its height at that width. */
async function screenshot(htmlFile: string, width: Width, height: number, pngFile: string, workDir: string) {
  const profile = await mkdtemp(path.join(workDir, 'profile-'));
  await chromium(
    [
      `--window-size=${WIDTHS[width]},${height}`,
      `--force-device-scale-factor=${width === 'phone' ? 2 : 1}`,
      `--screenshot=${pngFile}`,
      pathToFileURL(htmlFile).href,
    ],
    profile,
  );
}

/** Runs tasks with at most `limit` at a time (2 cores: two Chromiums). */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  await rm(PREVIEW_DIR, { recursive: true, force: true });
  await mkdir(PREVIEW_DIR, { recursive: true });

  const all = variants();
  const links: string[] = [];
  for (const variant of all) {
    const message = renderMessage(contextOf(variant));
    await writeFile(path.join(PREVIEW_DIR, `${variant.name}.html`), message.html);
    await writeFile(
      path.join(PREVIEW_DIR, `${variant.name}.txt`),
      `Subject: ${message.subject}\n\n${message.text}`,
    );
    links.push(
      `<tr><td>${variant.step}</td><td>${variant.locale}</td><td>${variant.tone}</td><td>${variant.customerType}</td>` +
        `<td><a href="${variant.name}.html">${escapeHtml(message.subject)}</a></td><td><a href="${variant.name}.txt">text</a></td></tr>`,
    );
  }
  for (const locale of ['fr', 'en'] as const) {
    for (const customer of [businessCustomer, consumerCustomer]) {
      const pdf = await renderFormalNoticeLetter(messageContext('formal_notice', { locale, customer }));
      const name = `formal_notice_letter.${locale}.${customer.type}.pdf`;
      await writeFile(path.join(PREVIEW_DIR, name), pdf);
      links.push(
        `<tr><td colspan="5">Formal-notice letter (${locale}, ${customer.type})</td><td><a href="${name}">PDF</a></td></tr>`,
      );
    }
  }
  await writeFile(
    path.join(PREVIEW_DIR, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>Relance email previews</title>' +
      '<style>body{font:14px system-ui;margin:2em}td{padding:2px 10px;border-bottom:1px solid #ddd}</style>' +
      `<h1>Relance email previews</h1><table>${links.join('\n')}</table>\n`,
  );
  console.log(
    `preview: ${all.length} messages and 4 letters written to ${path.relative(ROOT, PREVIEW_DIR)}/`,
  );

  if (args.has('--no-screenshots')) return;
  if (!existsSync(CHROMIUM)) {
    console.log(`preview: no ${CHROMIUM}, no screenshots (apt-get install -y chromium)`);
    return;
  }
  const shots = all.filter(
    (variant) => args.has('--all') || (variant.tone === 'standard' && variant.customerType === 'business'),
  );
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'relance-preview-'));
  const started = performance.now();
  try {
    const jobs = shots.flatMap((variant) =>
      (['phone', 'desktop'] as const).map((width) => ({
        variant,
        width,
        key: `${variant.name}.${width}`,
        file: path.join(PREVIEW_DIR, `${variant.name}.html`),
      })),
    );
    const heights = await measureHeights(
      await Promise.all(
        jobs.map(async (job) => ({
          key: job.key,
          width: WIDTHS[job.width],
          html: await readFile(job.file, 'utf8'),
        })),
      ),
      workDir,
    );
    // Chromium mostly waits while it starts: three at a time keep two cores busy.
    await pool(jobs, 3, async (job) => {
      const height = heights.get(job.key) ?? 2400;
      await screenshot(job.file, job.width, height, path.join(PREVIEW_DIR, `${job.key}.png`), workDir);
    });
    console.log(
      `preview: ${jobs.length} screenshots in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  if (args.has('--docs')) {
    await mkdir(DOCS_IMAGES, { recursive: true });
    const pictures = [
      'second_reminder.fr.standard.business.phone.png',
      'formal_notice.fr.standard.business.desktop.png',
      'first_reminder.en.standard.business.phone.png',
    ];
    for (const picture of pictures) {
      await copyFile(path.join(PREVIEW_DIR, picture), path.join(DOCS_IMAGES, `email-${picture}`));
    }
    console.log(`preview: ${pictures.length} pictures copied to ${path.relative(ROOT, DOCS_IMAGES)}/`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
