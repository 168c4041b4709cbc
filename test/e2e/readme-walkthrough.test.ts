import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { type Harness, startHarness } from './harness';

/**
 * The README's walkthrough, run as printed (bash, curl, node, openssl: nothing GNU-only) against the
 * local service; only the API URL is replaced by the test service's.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

function block(startsWith: string): string {
  const start = README.indexOf(`\`\`\`sh\n${startsWith}`);
  expect(start, startsWith).toBeGreaterThanOrEqual(0);
  const body = README.indexOf('\n', start) + 1;
  return README.slice(body, README.indexOf('\n```', body));
}

describe('README walkthrough', () => {
  let api: Harness;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should run as printed: seller, invoice with the sample PDF, reminder, signed payment, upload', async () => {
    const walkthrough = block("API=http://127.0.0.1:3000; KEY='x-api-key: local-dev-key'");
    const uploads = block('FILE=docs/samples/facture-FA-2026-0012.pdf');
    const script = [
      'set -euo pipefail',
      walkthrough.replace('API=http://127.0.0.1:3000', `API=${api.apiUrl}`),
      uploads,
      'echo "S3KEY=$S3KEY"',
    ].join('\n');
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: ROOT, timeout: 120_000 });
    await api.settle();

    const view = (await api.get(`/invoices/${invoiceIdFor('atelier-dupont', 'FA-2026-0012')}`)).json<{
      status: string;
    }>();
    expect(view.status).toBe('paid');
    const subjects = (await api.emailsTo('marie@boulangerie-martin.fr')).map((email) => email.subject);
    expect(subjects).toHaveLength(2);
    expect(stdout).toMatch(/S3KEY=uploads\/atelier-dupont\/[0-9a-f-]{36}\.pdf/);
  });
});
