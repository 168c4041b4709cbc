import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_INVOICE_PATH } from '../../scripts/generate-sample-invoice';
import { type Harness, startHarness } from './harness';

/**
 * The request collection `requests/walkthrough.http` sent as an HTTP client would, in order, against
 * the local service: its variables, named responses (`{{name.response.body.$.field}}`) and file bodies
 * (`< path`) resolved the way VS Code REST Client and httpYac do.
 */

const COLLECTION = fileURLToPath(new URL('../../requests/walkthrough.http', import.meta.url));

interface HttpFileRequest {
  readonly title: string;
  readonly name?: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

function parseCollection(text: string): { variables: Record<string, string>; requests: HttpFileRequest[] } {
  const [preamble = '', ...blocks] = text.split(/^###/m);
  const variables = Object.fromEntries(
    [...preamble.matchAll(/^@(\w+)\s*=\s*(.+)$/gm)].map((match) => [match[1], (match[2] ?? '').trim()]),
  );
  const requests = blocks.map((block) => {
    const [titleLine = '', ...lines] = block.split('\n');
    const name = /^#\s*@name\s+(\w+)/m.exec(block)?.[1];
    const content = lines.filter((line) => !line.startsWith('#'));
    const start = content.findIndex((line) => line.trim() !== '');
    const [method = '', url = ''] = (content[start] ?? '').trim().split(/\s+/);
    const headers: Record<string, string> = {};
    let index = start + 1;
    for (; index < content.length && (content[index] ?? '').trim() !== ''; index++) {
      const line = content[index] as string;
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const body = content.slice(index).join('\n').trim();
    return { title: titleLine.trim(), name, method, url, headers, ...(body ? { body } : {}) };
  });
  return { variables, requests };
}

describe('requests/walkthrough.http', () => {
  let api: Harness;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should run in order against the local service, each request answering 2xx', async () => {
    const { variables, requests } = parseCollection(readFileSync(COLLECTION, 'utf8'));
    expect(variables.api).toBe('http://127.0.0.1:3000');
    const values: Record<string, string> = { ...variables, api: api.apiUrl, key: api.apiKey };
    const responses: Record<string, unknown> = {};
    const substitute = (text: string) =>
      text.replace(/\{\{([\w.$]+)\}\}/g, (_all, path: string) => {
        const named = /^(\w+)\.response\.body\.\$\.(\w+)$/.exec(path);
        const value = named
          ? (responses[named[1] as string] as Record<string, unknown> | undefined)?.[named[2] as string]
          : values[path];
        if (typeof value !== 'string') throw new Error(`unresolved {{${path}}}`);
        return value;
      });

    for (const request of requests) {
      const file = request.body?.startsWith('< ') ? request.body.slice(2).trim() : undefined;
      const body = file
        ? readFileSync(resolve(dirname(COLLECTION), file))
        : request.body === undefined
          ? undefined
          : substitute(request.body);
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, substitute(value)]),
      );
      const response = await fetch(substitute(request.url), { method: request.method, headers, body });
      const text = await response.text();
      expect(response.status, `${request.title}: ${text.slice(0, 300)}`).toBeLessThan(300);
      if (request.name) responses[request.name] = JSON.parse(text);
      await api.settle();
    }

    const invoiceId = (responses.invoice as { invoiceId: string }).invoiceId;
    const view = (await api.get(`/invoices/${invoiceId}`)).json<{ status: string }>();
    expect(view.status).toBe('paid');
    const reminder = (await api.emails()).find((email) => email.subject.includes('FA-2026-0012'));
    expect(
      Buffer.from(reminder?.attachments[0]?.content ?? '', 'base64').equals(
        readFileSync(SAMPLE_INVOICE_PATH),
      ),
    ).toBe(true);
  });
});
