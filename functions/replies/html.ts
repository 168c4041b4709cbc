import Handlebars from 'handlebars/runtime';

/** Markup that is already safe (built by `html`), as opposed to text that must be escaped. */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  // Handlebars' escaping (& < > " ' ` =), the same the email templates rely on.
  return Handlebars.Utils.escapeExpression(String(value));
}

/**
 * Tagged template for the reply pages: every interpolated value is HTML-escaped unless it is itself
 * `Html` (arrays are joined, `false`/`null`/`undefined` print nothing), so no stored or submitted text
 * can inject markup.
 */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}
