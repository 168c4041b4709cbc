import type { ConsolidatedStep } from '../core/consolidation';
import type { MessageContext, RenderedMessage } from '../core/messages';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import type { ListedInvoice } from './consolidated';
import { TEMPLATES } from './generated/templates';
import { buildMessageView } from './view';

const loadLetter = lazyModule(
  () => import(siblingModule(import.meta.url, 'letter')) as Promise<typeof import('./letter')>,
);

/**
 * The formal-notice letter, with pdf-lib (~430 KiB minified), is loaded on first use only: reminders never
 * pay for it at cold start. The deployed function carries it as `letter.mjs` next to `index.mjs`
 * (BaseFunction `lazyModules`); run from source, it is `letter.ts`. The specifier is computed so that
 * esbuild leaves this import out of `index.mjs`.
 */
export async function renderFormalNoticeLetter(context: MessageContext): Promise<Uint8Array> {
  return (await loadLetter()).renderFormalNoticeLetter(context);
}

const loadConsolidated = lazyModule(
  () => import(siblingModule(import.meta.url, 'consolidated')) as Promise<typeof import('./consolidated')>,
);

/**
 * One email for several invoices (docs/domain.md): the firmest step's template, its view reworded by
 * `consolidated.ts`, which loads on first use like the letter.
 */
export async function renderConsolidated(
  context: MessageContext & { readonly step: ConsolidatedStep },
  invoices: readonly ListedInvoice[],
): Promise<RenderedMessage> {
  const view = (await loadConsolidated()).consolidatedView(buildMessageView(context), context, invoices);
  const template = TEMPLATES[context.step];
  return { subject: view.subject, html: template.html(view), text: tidyText(template.text(view)) };
}

/**
 * Renders a message from the templates precompiled at build time (`npm run build:templates`): no MJML
 * at run time. The HTML escapes every value; the text part comes from the same MJML source; the subject
 * is a single line.
 */
export function renderMessage(context: MessageContext): RenderedMessage {
  const view = buildMessageView(context);
  const template = TEMPLATES[context.step];
  return { subject: view.subject, html: template.html(view), text: tidyText(template.text(view)) };
}

/** Blocks that rendered nothing leave blank lines behind: at most one blank line in a row. */
function tidyText(text: string): string {
  const folded = text.includes('\n\n\n') ? text.replace(/\n{3,}/g, '\n\n') : text;
  return `${folded.trim()}\n`;
}
