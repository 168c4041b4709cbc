import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { launchBrowser } from '../support/browser';
import { type Harness, startHarness } from './harness';

/** A real browser (headless Chromium, JavaScript off) answers a reminder from the link in its email. */
describe('reply page in a browser', () => {
  let harness: Harness;
  let browser: Browser;
  let invoiceId: string;
  let link: string;

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    const created = await harness.post('/invoices', invoiceFa0012);
    invoiceId = created.json<{ invoiceId: string }>().invoiceId;
    await harness.advanceTo('2026-11-12T12:00:00Z');
    const [reminder] = await harness.emailsTo(invoiceFa0012.customer.email);
    link = /href="(http:\/\/[^"]+\/r\/[A-Za-z0-9_-]+)"/.exec(reminder?.body.html ?? '')?.[1] as string;
    expect(link).toBeDefined();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('should fill and submit the dispute form without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.title()).toBe('Facture n°FA-2026-0012 – Atelier Dupont');
    const dispute = page.locator('section.action', {
      has: page.getByRole('heading', { name: 'Je conteste cette facture' }),
    });
    await dispute.getByLabel('Le montant facturé est erroné').check();
    await dispute.getByLabel(/Précisions/).fill('Le devis disait 1 000 € HT, pas 1 234,56 €.');
    await Promise.all([
      page.waitForURL(link),
      dispute.getByRole('button', { name: 'Envoyer ma contestation' }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Votre contestation a bien été transmise');
    expect(await dispute.locator('.answered').textContent()).toMatch(
      /^Contestation, envoyée le 12\/11\/2026/,
    );
    await context.close();

    const view = (await harness.get(`/invoices/${invoiceId}`)).json<{
      status: string;
      pause: { reason: string };
      events: { type: string; reason?: string; message?: string }[];
    }>();
    expect(view.status).toBe('paused');
    expect(view.pause.reason).toBe('dispute');
    expect(view.events.find((event) => event.type === 'customer_replied')).toMatchObject({
      reason: 'wrong_amount',
      message: 'Le devis disait 1 000 € HT, pas 1 234,56 €.',
    });
  });
});
