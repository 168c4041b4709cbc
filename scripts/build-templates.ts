/**
 * Compiles the MJML email templates at build time (`npm run build:templates`).
 *
 * For each message of `templates/messages/`:
 * 1. inline its `<mj-include path="…">` partials (MJML 5 ignores includes by default; doing it here keeps
 *    the include paths confined to `templates/`);
 * 2. compile the MJML with `validationLevel: "strict"`: invalid markup fails the build;
 * 3. derive the plain-text template from the same MJML tree, so the text part is never written twice;
 * 4. precompile both with Handlebars (strict mode, built-in helpers only) into
 *    `functions/send-message/generated/templates.ts`, which needs only the Handlebars runtime: mjml
 *    never reaches a Lambda bundle.
 *
 * The output is skipped when the sources have not changed (`--force` rebuilds).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { TEMPLATE_NAMES, type TemplateName } from '../functions/core/notifications';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATES_DIR = path.join(ROOT, 'templates');
export const OUTPUT_FILE = path.join(ROOT, 'functions', 'send-message', 'generated', 'templates.ts');
const THIS_FILE = fileURLToPath(import.meta.url);

export class TemplateBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateBuildError';
  }
}

/** The parsed MJML tree, as `mjml2html` returns it in `json`. */
export interface MjmlNode {
  readonly tagName: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children?: readonly MjmlNode[];
  readonly content?: string;
}

interface MjmlResult {
  readonly html: string;
  readonly json: MjmlNode;
  readonly errors: readonly { readonly formattedMessage: string }[];
}

export type Mjml2Html = (source: string, options: Record<string, unknown>) => Promise<MjmlResult>;

/** mjml ships no type declarations; it is a build-time (and bench) dependency only. */
export function loadMjml(): Mjml2Html {
  return createRequire(import.meta.url)('mjml') as Mjml2Html;
}

const INCLUDE = /<mj-include\s+path="([^"]+)"\s*\/>/g;

/** The MJML of a message with its partials inlined (recursively, confined to `templates/`). */
export async function composeMjml(file: string, including: readonly string[] = []): Promise<string> {
  if (including.includes(file)) {
    throw new TemplateBuildError(`Include cycle: ${[...including, file].join(' → ')}`);
  }
  const source = await readFile(file, 'utf8');
  const parts: string[] = [];
  let last = 0;
  for (const match of source.matchAll(INCLUDE)) {
    const target = path.resolve(path.dirname(file), match[1] as string);
    if (!target.startsWith(`${TEMPLATES_DIR}${path.sep}`)) {
      throw new TemplateBuildError(`${file}: include outside templates/: ${match[1]}`);
    }
    parts.push(source.slice(last, match.index), await composeMjml(target, [...including, file]));
    last = match.index + match[0].length;
  }
  parts.push(source.slice(last));
  return parts.join('');
}

/** Compiles MJML strictly: any validation error throws, with every message MJML reported. */
export async function compileMjml(
  source: string,
  name: string,
  mjml2html: Mjml2Html = loadMjml(),
): Promise<{ html: string; json: MjmlNode }> {
  let result: MjmlResult;
  try {
    result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  } catch (error) {
    const details = (error as { errors?: { formattedMessage: string }[] }).errors;
    const message = details?.map((detail) => detail.formattedMessage).join('\n') ?? String(error);
    throw new TemplateBuildError(`${name}: invalid MJML\n${message}`);
  }
  if (result.errors.length > 0) {
    throw new TemplateBuildError(`${name}: ${result.errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  return { html: result.html, json: result.json };
}

/** Drops indentation and blank lines of MJML's pretty output (whitespace between tags is not content). */
export function compactHtml(html: string): string {
  return html
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Label and value of a two-cell row are joined by the locale's separator ("Total : …" / "Total: …"). */
const COLON = '{{@root.colon}}';

function rowToText(cells: string): string {
  const count = cells.match(/<t[dh]\b/gi)?.length ?? 0;
  return cells.split(/<\/t[dh]>\s*(?=<t[dh]\b)/i).join(count === 2 ? COLON : ' | ');
}

/** HTML content of an MJML ending tag → text template (Handlebars expressions pass through untouched). */
export function htmlToText(html: string): string {
  return (
    html
      .replace(/\s+/g, ' ')
      .replace(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi, (_, cells: string) => `${rowToText(cells)}\n`)
      .replace(/<br\s*\/?>/gi, '\n')
      // The line break ends each item (not starts it): a Handlebars `{{#each}}` at the start of a line
      // would otherwise be "standalone" and swallow it, gluing the items together.
      .replace(/<(ul|ol)\b[^>]*>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '- ')
      .replace(/<\/li>/gi, '\n')
      .replace(/<\/(ul|ol)>/gi, '\n')
      .replace(/<\/(p|h[1-6]|div|table)>/gi, '\n\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
  );
}

/** The plain-text template of a message, derived from its MJML tree. */
export function textTemplateFromMjml(node: MjmlNode): string {
  const children = () => (node.children ?? []).map(textTemplateFromMjml).join('');
  switch (node.tagName) {
    case 'mj-head':
    case 'mj-spacer':
    case 'mj-image':
      return '';
    case 'mjml':
    case 'mj-body':
    case 'mj-wrapper':
    case 'mj-group':
    case 'mj-column':
      return children();
    case 'mj-section':
      return `${children()}\n\n`;
    case 'mj-text':
      return `${htmlToText(node.content ?? '')}\n\n`;
    case 'mj-table':
      return `${htmlToText(node.content ?? '')}\n`;
    case 'mj-button':
      return `\n${htmlToText(node.content ?? '').trim()}${COLON}${node.attributes.href ?? ''}\n\n`;
    case 'mj-raw':
      return htmlToText(node.content ?? '');
    case 'mj-divider':
      return '\n\n';
    default:
      throw new TemplateBuildError(`No plain-text rule for <${node.tagName}>: add one to the build script`);
  }
}

/**
 * Trims the static whitespace of a text template once, at build time (no value holds a line break, so
 * this only touches the layout). Blocks that render nothing still leave blank lines: `renderMessage`
 * folds those.
 */
export function compactText(template: string): string {
  return `${template
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** Precompiles in strict mode: a missing key throws at render time instead of printing nothing. */
export function precompile(source: string, kind: 'html' | 'text', name: string): string {
  try {
    return Handlebars.precompile(source, {
      strict: true,
      knownHelpersOnly: true,
      noEscape: kind === 'text',
      preventIndent: true,
    }) as unknown as string;
  } catch (error) {
    throw new TemplateBuildError(`${name} (${kind}): ${(error as Error).message}`);
  }
}

export function messageFile(name: TemplateName): string {
  return path.join(TEMPLATES_DIR, 'messages', `${name}.mjml`);
}

export interface CompiledMessage {
  /** A cadence step or a seller notification. */
  readonly step: TemplateName;
  /** The composed MJML source (partials inlined), before compilation. */
  readonly mjml: string;
  readonly html: string;
  readonly text: string;
}

/** Composes and compiles every message (no file is written). */
export async function compileAll(mjml2html: Mjml2Html = loadMjml()): Promise<CompiledMessage[]> {
  const messages: CompiledMessage[] = [];
  for (const step of TEMPLATE_NAMES) {
    const mjml = await composeMjml(messageFile(step));
    const { html, json } = await compileMjml(mjml, `templates/messages/${step}.mjml`, mjml2html);
    messages.push({ step, mjml, html: compactHtml(html), text: compactText(textTemplateFromMjml(json)) });
  }
  return messages;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mjml'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Hash of everything the output depends on: the MJML sources, this script, the tool versions. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const require = createRequire(import.meta.url);
  for (const name of ['mjml/package.json', 'handlebars/package.json']) {
    hash.update(`${name}@${(require(name) as { version: string }).version}\n`);
  }
  for (const file of [THIS_FILE, ...(await listFiles(TEMPLATES_DIR))]) {
    hash.update(`${path.relative(ROOT, file)}\n`).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** A JavaScript double-quoted string literal, as Handlebars' precompiler writes them (JSON quoting). */
const STRING_LITERAL = /"(?:[^"\\\n]|\\.)*"/g;
/** Shorter literals are not worth a constant. */
const SHARED_MIN_LENGTH = 200;

/**
 * Every message inlines the same MJML layout, so the precompiled templates repeat long runs of markup
 * (head, styles, header, footer). Each long string literal found more than once becomes one constant:
 * the send function's bundle carries the layout once instead of once per message.
 */
export function shareRepeatedStrings(chunks: readonly string[]): { code: string[]; shared: string[] } {
  const counts = new Map<string, number>();
  for (const chunk of chunks) {
    for (const [literal] of chunk.matchAll(STRING_LITERAL)) {
      if (literal.length >= SHARED_MIN_LENGTH) counts.set(literal, (counts.get(literal) ?? 0) + 1);
    }
  }
  const names = new Map<string, string>();
  for (const [literal, count] of counts) if (count > 1) names.set(literal, `SHARED_${names.size}`);
  return {
    code: chunks.map((chunk) => chunk.replace(STRING_LITERAL, (literal) => names.get(literal) ?? literal)),
    shared: [...names].map(([literal, name]) => `const ${name} = ${literal};`),
  };
}

export function generateModule(messages: readonly CompiledMessage[], hash: string): string {
  const { code, shared } = shareRepeatedStrings(
    messages.map(
      (message) =>
        `  ${message.step}: {\n` +
        `    html: runtime.template(${precompile(message.html, 'html', message.step)}),\n` +
        `    text: runtime.template(${precompile(message.text, 'text', message.step)}),\n` +
        '  },',
    ),
  );
  return [
    '// Generated by `npm run build:templates` (scripts/build-templates.ts) from templates/: do not edit.',
    `// source-hash: ${hash}`,
    '// @ts-nocheck',
    "import Handlebars from 'handlebars/runtime';",
    "import type { TemplateName } from '../../core/notifications';",
    "import type { MessageView } from '../view';",
    '',
    'type Render = (view: MessageView) => string;',
    '',
    'const runtime = Handlebars.create();',
    '',
    '// Markup that several templates share (layout, styles), written once.',
    ...shared,
    '',
    '/** Precompiled templates per message: `html` escapes every value, `text` is the plain-text part. */',
    'export const TEMPLATES: Readonly<Record<TemplateName, { readonly html: Render; readonly text: Render }>> = {',
    ...code,
    '};',
    '',
  ].join('\n');
}

export async function buildTemplates(options: { force?: boolean } = {}): Promise<{ built: boolean }> {
  const hash = await sourceHash();
  if (!options.force && existsSync(OUTPUT_FILE)) {
    const current = await readFile(OUTPUT_FILE, 'utf8');
    if (current.includes(`// source-hash: ${hash}\n`)) return { built: false };
  }
  const messages = await compileAll();
  await mkdir(path.dirname(OUTPUT_FILE), { recursive: true });
  await writeFile(OUTPUT_FILE, generateModule(messages, hash));
  return { built: true };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  buildTemplates({ force: process.argv.includes('--force') }).then(
    ({ built }) => {
      const where = path.relative(ROOT, OUTPUT_FILE);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        built ? `templates: compiled into ${where} in ${seconds} s` : `templates: ${where} is up to date`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof TemplateBuildError ? error.message : error);
      process.exitCode = 1;
    },
  );
}
