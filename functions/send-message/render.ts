import type { MessageContext, RenderedMessage } from '../core/messages';
import { TEMPLATES } from './generated/templates';
import { buildMessageView } from './view';

export { renderFormalNoticeLetter } from './letter';

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
