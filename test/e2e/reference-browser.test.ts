import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../functions/api/contract/operations';
import { launchBrowser } from '../support/browser';
import { type Harness, startHarness } from './harness';

/** The API reference page (`GET /docs`) in headless Chromium: rendered from files the API serves. */
describe('API reference page in a browser', () => {
  let harness: Harness;
  let browser: Browser;

  beforeAll(async () => {
    harness = await startHarness();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('should render every operation from this API alone, no request leaving it', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const origin = new URL(harness.apiUrl).origin;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const response = await page.goto(`${harness.apiUrl}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor({ timeout: 60_000 });
    expect(await page.title()).toBe('Relance API reference');
    await expect.poll(() => page.locator('.opblock').count()).toBe(OPERATIONS.length);
    const summaries = await page.locator('.opblock-summary-description').allTextContents();
    expect(summaries).toContain('Register an invoice and start its dunning cadence');
    expect(summaries).toContain('Upload URL for a large invoice PDF');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('should answer 404 problem+json for a file the page does not use', async () => {
    const missing = await harness.get('/docs/package.json', { apiKey: null });
    expect(missing.status).toBe(404);
  });
});
