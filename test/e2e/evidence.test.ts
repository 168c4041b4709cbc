import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012, MINIMAL_PDF_BASE64 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * The file for court, end to end: a never-paid invoice runs its whole cadence in the local twin, then
 * `GET /invoices/{id}/evidence` gives a ZIP that standard `unzip` opens, whose manifest hashes match,
 * which holds the invoice PDF as posted and every email the mailbox received, and whose dossier.pdf
 * reads back with the parties, dates and amounts.
 */

const NUMBER = 'FA-2026-0412';
const unpaid: InvoiceInput = {
  ...invoiceFa0012,
  number: NUMBER,
  customer: {
    ...invoiceFa0012.customer,
    id: 'C-0412',
    email: 'marie@boulangerie-martin.fr',
    address: { line1: '3 place du Marché', postalCode: '69002', city: 'Lyon', country: 'FR' },
  },
};

interface Manifest {
  format: string;
  invoice: { invoiceId: string; number: string; limitationDate: string };
  seller: { legalName: string };
  messages: { step: string; messageId: string; deliveredAt?: string; files: string[] }[];
  events: { type: string }[];
  files: { path: string; bytes: number; sha256: string }[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ');
}

describe('GET /invoices/{invoiceId}/evidence', () => {
  let harness: Harness;
  let invoiceId: string;
  let workDir: string;
  let zip: Buffer;
  let manifest: Manifest;
  const read = (path: string) => readFileSync(join(workDir, 'unzipped', path));

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'relance-evidence-'));
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    const created = await harness.post('/invoices', unpaid);
    expect(created.status).toBe(201);
    invoiceId = created.json<{ invoiceId: string }>().invoiceId;
    // Past the escalation, whatever the legal rules make its date: the whole never-paid cadence.
    await harness.advanceTo('2027-01-20T12:00:00Z');

    const response = await fetch(`${harness.apiUrl}/invoices/${invoiceId}/evidence`, {
      headers: { 'x-api-key': harness.apiKey, accept: 'application/zip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    zip = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('x-evidence-sha256')).toBe(sha256(zip));
    writeFileSync(join(workDir, 'evidence.zip'), zip);
    execFileSync('unzip', ['-q', join(workDir, 'evidence.zip'), '-d', join(workDir, 'unzipped')]);
    manifest = JSON.parse(read('manifest.json').toString('utf8')) as Manifest;
  }, 120_000);

  afterAll(async () => {
    await harness?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('should open with unzip and match every SHA-256 of the manifest', () => {
    expect(manifest.format).toBe('relance-evidence/1');
    const listed = execFileSync('unzip', ['-Z1', join(workDir, 'evidence.zip')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    expect(listed).toEqual(['manifest.json', ...manifest.files.map((file) => file.path)].sort());
    for (const file of manifest.files) {
      const bytes = read(file.path);
      expect({ path: file.path, sha256: sha256(bytes), bytes: bytes.length }).toEqual({
        path: file.path,
        sha256: file.sha256,
        bytes: file.bytes,
      });
    }
    expect(manifest.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['invoice.pdf', 'statement.pdf', 'dossier.pdf']),
    );
  });

  it('should hold the invoice PDF byte for byte as posted', () => {
    expect(read('invoice.pdf').equals(Buffer.from(MINIMAL_PDF_BASE64, 'base64'))).toBe(true);
  });

  it('should hold every email the mailbox received for the invoice, exactly as sent, with its delivery', async () => {
    const emails = (await harness.emails()).filter((email) => email.subject.includes(NUMBER));
    expect(emails.length).toBeGreaterThanOrEqual(5);
    for (const email of emails) {
      const message = manifest.messages.find((item) => item.messageId === email.messageId);
      expect(message, `message ${email.subject}`).toBeDefined();
      const [html, text, metadata] = message?.files ?? [];
      expect(read(html as string).toString('utf8')).toBe(email.body.html);
      expect(read(text as string).toString('utf8')).toBe(email.body.text);
      const copy = JSON.parse(read(metadata as string).toString('utf8'));
      expect(copy.messageId).toBe(email.messageId);
      expect(copy.sesEvents.map((event: { type: string }) => event.type)).toContain('email_delivery');
      expect(message?.deliveredAt).toBeDefined();
    }
    expect(manifest.messages.map((message) => message.step)).toEqual([
      'courtesy_reminder',
      'first_reminder',
      'second_reminder',
      'formal_notice',
      // No postal provider: the seller is asked to post the letter, and that is evidence too.
      'seller_alert_letter_to_post',
      'escalation',
    ]);
    expect(manifest.files.some((file) => /^letters\/.+\.pdf$/.test(file.path))).toBe(true);
    const byStep = (step: string) =>
      emails.find(
        (email) => email.messageId === manifest.messages.find((message) => message.step === step)?.messageId,
      );
    expect(byStep('escalation')?.body.text).toContain(`${harness.apiUrl}/invoices/${invoiceId}/evidence`);
  });

  it('should ask the seller to post the letter, attached, with the customer’s postal address', async () => {
    const emails = await harness.emailsTo(atelierDupont.contact.email);
    const toPost = emails.filter((email) => email.subject.startsWith('À poster en recommandé'));
    expect(toPost).toHaveLength(1);
    expect(toPost[0]?.body.text).toContain('3 place du Marché, 69002 Lyon, FR');
    expect(toPost[0]?.body.text).toContain('lettre recommandée avec demande d’avis de réception');
    const notice = (await harness.emails()).find((email) => email.subject.startsWith('Mise en demeure'));
    const letter = notice?.attachments.find((file) => file.filename?.startsWith('mise-en-demeure'));
    expect(letter).toBeDefined();
    expect(toPost[0]?.attachments.map((file) => file.content)).toEqual([letter?.content]);
  });

  it('should read back the dossier with the parties, the dates and the amounts', async () => {
    const text = await pdfText(read('dossier.pdf'));
    for (const expected of [
      'Dossier de recouvrement',
      'Atelier Dupont SAS',
      'SIREN 732829320',
      'Boulangerie Martin SARL',
      '3 place du Marché',
      NUMBER,
      '21/10/2026',
      '20/11/2026',
      '1 234,56 €',
      'Mise en demeure',
      '20/11/2031',
    ]) {
      expect(text).toContain(expected);
    }
    for (const message of manifest.messages) expect(text).toContain(message.messageId);
    const statement = await pdfText(read('statement.pdf'));
    expect(statement).toContain('Décompte des sommes dues');
    expect(statement).toContain('40,00 €');
  });

  it('should show the delivery of each message and the limitation date in the view', async () => {
    const view = (await harness.get(`/invoices/${invoiceId}`)).json<{
      limitationDate: string;
      schedule: { step: string; state: string; delivery?: { state: string; at: string } }[];
    }>();
    expect(view.limitationDate).toBe('2031-11-20');
    const sent = view.schedule.filter((entry) => entry.state === 'sent');
    expect(sent.length).toBe(5);
    for (const entry of sent) expect(entry.delivery?.state).toBe('delivered');
  });

  it('should hand a large bundle over as a presigned URL', async () => {
    const response = await fetch(`${harness.apiUrl}/invoices/${invoiceId}/evidence?delivery=url`, {
      headers: { 'x-api-key': harness.apiKey },
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const body = (await response.json()) as { url: string; bytes: number; sha256: string; expiresAt: string };
    expect(response.headers.get('location')).toBe(body.url);
    const stored = Buffer.from(await (await fetch(body.url)).arrayBuffer());
    expect(stored.length).toBe(body.bytes);
    expect(sha256(stored)).toBe(body.sha256);
  });

  it('should answer problems for an unknown invoice, a bad query and a missing key', async () => {
    const unknown = await harness.get('/invoices/inv_AAAAAAAAAAAAAAAAAAAAAA/evidence');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const badQuery = await harness.get(`/invoices/${invoiceId}/evidence?delivery=fax`);
    expect(badQuery.status).toBe(400);
    expect((await harness.get(`/invoices/${invoiceId}/evidence`, { apiKey: null })).status).toBe(403);
  });
});
