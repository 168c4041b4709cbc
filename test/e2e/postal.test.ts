import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * The formal notice's registered letter through the Maileva adapter, against the local simulator of
 * Maileva's API (selected with `postalMail: 'simulator'`): posted right after the notice's email,
 * a tracking number, then — days later in virtual time — delivered or returned with a proof PDF that
 * lands in the view and the evidence bundle.
 */

const address = { line1: '3 place du Marché', postalCode: '69002', city: 'Lyon', country: 'FR' };
const invoice = (number: string, name: string): InvoiceInput => ({
  ...invoiceFa0012,
  number,
  // Two customers, two addresses: each notice goes out on its day (one customer message a day per address).
  customer: {
    ...invoiceFa0012.customer,
    id: `C-${number}`,
    email: `${number.toLowerCase()}@client.example`,
    name,
    address,
  },
});
const delivered = invoice('FA-2026-0501', 'Marie Martin');
const returned = invoice('FA-2026-0502', 'Paul Durand NPAI');

interface LetterView {
  registeredLetter?: {
    provider: string;
    state: string;
    trackingNumber?: string;
    deliveredAt?: string;
    returnedAt?: string;
    proofAvailable: boolean;
  };
  events: { type: string; trackingNumber?: string }[];
}

describe('registered letter through the simulated provider', () => {
  let harness: Harness;
  let workDir: string;
  const ids = new Map<string, string>();
  const view = async (number: string) =>
    (await harness.get(`/invoices/${ids.get(number)}`)).json<LetterView>();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'relance-postal-'));
    harness = await startHarness({ now: '2026-11-02T10:00:00Z', postalMail: 'simulator' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    for (const body of [delivered, returned]) {
      const created = await harness.post('/invoices', body);
      expect(created.status).toBe(201);
      ids.set(body.number, created.json<{ invoiceId: string }>().invoiceId);
    }
    // The formal notice goes out on Monday 2026-12-21 (worked example).
    await harness.advanceTo('2026-12-22T12:00:00Z');
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('should post the letter with the notice and show its tracking number while it travels', async () => {
    const { registeredLetter, events } = await view(delivered.number);
    expect(events.map((event) => event.type)).toContain('registered_letter_sent');
    expect(registeredLetter).toMatchObject({ provider: 'maileva', state: 'sent', proofAvailable: false });
    expect(registeredLetter?.trackingNumber).toMatch(/^1A\d{11}$/);
  });

  it('should record the delivery days later with the proof, in the view and in the bundle', async () => {
    await harness.advanceTo('2026-12-27T12:00:00Z');
    const { registeredLetter, events } = await view(delivered.number);
    expect(registeredLetter).toMatchObject({ state: 'delivered', proofAvailable: true });
    expect(registeredLetter?.deliveredAt).toBe('2026-12-23T08:00:00.000Z');
    const event = events.find((item) => item.type === 'registered_letter_delivered');
    expect(event?.trackingNumber).toBe(registeredLetter?.trackingNumber);

    const response = await fetch(`${harness.apiUrl}/invoices/${ids.get(delivered.number)}/evidence`, {
      headers: { 'x-api-key': harness.apiKey, accept: 'application/zip' },
    });
    expect(response.status).toBe(200);
    writeFileSync(join(workDir, 'evidence.zip'), Buffer.from(await response.arrayBuffer()));
    execFileSync('unzip', ['-q', join(workDir, 'evidence.zip'), '-d', join(workDir, 'out')]);
    const manifest = JSON.parse(readFileSync(join(workDir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.registeredLetter).toMatchObject({
      state: 'delivered',
      trackingNumber: registeredLetter?.trackingNumber,
    });
    const proof = manifest.files.find((file: { path: string }) =>
      /registered-letter-delivered/.test(file.path),
    );
    expect(proof?.path).toBe(`letters/registered-letter-delivered-${registeredLetter?.trackingNumber}.pdf`);
    const proofText = (
      await extractText(
        await getDocumentProxy(new Uint8Array(readFileSync(join(workDir, 'out', proof.path)))),
        {
          mergePages: true,
        },
      )
    ).text;
    expect(proofText).toContain(registeredLetter?.trackingNumber);
    const dossier = (
      await extractText(
        await getDocumentProxy(new Uint8Array(readFileSync(join(workDir, 'out', 'dossier.pdf')))),
        {
          mergePages: true,
        },
      )
    ).text;
    expect(dossier).toContain(registeredLetter?.trackingNumber);
  });

  it('should record an unclaimed letter as returned, with its proof', async () => {
    await harness.advanceTo('2027-01-12T12:00:00Z');
    const { registeredLetter, events } = await view(returned.number);
    expect(registeredLetter).toMatchObject({ state: 'returned', proofAvailable: true });
    expect(registeredLetter?.returnedAt).toBe('2027-01-07T08:00:00.000Z');
    expect(events.map((event) => event.type)).toContain('registered_letter_returned');
  });
});
