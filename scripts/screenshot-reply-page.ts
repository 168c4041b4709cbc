/**
 * Takes the picture of the reply page shown in the README (`docs/images/reply-page.fr.png`): starts the
 * local service, registers the README's invoice, lets the courtesy reminder go out, opens the link of
 * that email in headless Chromium (JavaScript off) and screenshots the whole page.
 *
 *   npx tsx scripts/screenshot-reply-page.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalService } from '../lib/local/service';
import { invoiceFa0012 } from '../test/fixtures/invoices';
import { atelierDupont } from '../test/fixtures/sellers';
import { launchBrowser } from '../test/support/browser';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.join(ROOT, 'docs', 'images', 'reply-page.fr.png');

const service = await startLocalService({
  port: 0,
  mailboxPort: 0,
  clock: 'manual',
  now: '2026-11-02T10:00:00Z',
});
try {
  const call = (method: string, route: string, body: unknown) =>
    fetch(`${service.apiUrl}${route}`, {
      method,
      headers: { 'x-api-key': service.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await call('PUT', '/sellers/atelier-dupont', atelierDupont);
  await call('POST', '/invoices', invoiceFa0012);
  await service.clock.advanceTo('2026-11-12T12:00:00Z');
  const { emails } = (await (await fetch(`${service.mailboxUrl}/store`)).json()) as {
    emails: { body: { text?: string } }[];
  };
  const link = /(http:\/\/\S+\/r\/[A-Za-z0-9_-]+)/.exec(emails[0]?.body.text ?? '')?.[1];
  if (!link) throw new Error('No reply link in the courtesy reminder');
  const browser = await launchBrowser();
  const page = await browser.newPage({
    javaScriptEnabled: false,
    locale: 'fr-FR',
    viewport: { width: 720, height: 900 },
  });
  await page.goto(link);
  await page.screenshot({ path: OUTPUT, fullPage: true });
  await browser.close();
  console.log(`reply page: ${path.relative(ROOT, OUTPUT)}`);
} finally {
  await service.stop();
}
