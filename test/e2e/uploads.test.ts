import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * Large PDFs: `POST /uploads` gives a presigned PUT into the S3 emulator, the invoice references the
 * upload by `pdf.s3Key`, and the reminder carries the file byte for byte. Another seller cannot use
 * that key.
 */

const SIX_MB = 6 * 1024 * 1024;

/** A real PDF of a little over 6 MB: one page and an embedded file of random (incompressible) bytes. */
async function largePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage().drawText('Facture FA-2026-0700 (scan)', { x: 50, y: 750, size: 14 });
  await document.attach(randomBytes(SIX_MB), 'scan.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

describe('POST /uploads', () => {
  let api: Harness;
  let pdf: Buffer;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    expect((await api.put('/sellers/autre-vendeur', atelierDupont)).status).toBe(201);
    pdf = await largePdf();
  });

  afterAll(async () => {
    await api?.stop();
  });

  const requestUpload = (body: unknown) =>
    api.post('/uploads', body, { headers: { 'idempotency-key': `up-${Math.random()}` } });

  it('should upload a 6 MB PDF through the presigned URL, register it, and attach it to the reminder byte for byte', async () => {
    expect(pdf.length).toBeGreaterThan(SIX_MB);
    const created = await requestUpload({
      sellerId: 'atelier-dupont',
      contentType: 'application/pdf',
      contentLength: pdf.length,
    });
    expect(created.status).toBe(201);
    const upload = created.json<{
      s3Key: string;
      uploadUrl: string;
      method: string;
      headers: Record<string, string>;
      expiresAt: string;
    }>();
    expect(upload.s3Key).toMatch(/^uploads\/atelier-dupont\/[0-9a-f-]{36}\.pdf$/);
    // Type and size are part of the signature: S3 refuses a PUT with other values.
    const signed = new URL(upload.uploadUrl).searchParams;
    expect(signed.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type']),
    );
    expect(Number(signed.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);

    const put = await fetch(upload.uploadUrl, { method: upload.method, headers: upload.headers, body: pdf });
    expect(put.status).toBe(200);

    const registered = await api.post('/invoices', {
      ...invoiceFa0012,
      number: 'FA-2026-0700',
      pdf: { s3Key: upload.s3Key },
    });
    expect(registered.status).toBe(201);
    const { invoiceId } = registered.json<{ invoiceId: string }>();

    // Another seller's invoice cannot point at this upload; nothing is registered.
    const foreign = await api.post('/invoices', {
      ...invoiceFa0012,
      sellerId: 'autre-vendeur',
      number: 'FA-2026-0701',
      pdf: { s3Key: upload.s3Key },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['pdf.s3Key']);
    expect((await api.get('/invoices?sellerId=autre-vendeur')).json<{ items: unknown[] }>().items).toEqual(
      [],
    );

    await api.advanceTo('2026-11-12T09:00:00Z');
    const reminder = (await api.emails()).find((email) => email.subject.includes('FA-2026-0700'));
    expect(reminder).toBeDefined();
    const attached = Buffer.from(reminder?.attachments[0]?.content ?? '', 'base64');
    expect(attached.equals(pdf)).toBe(true);
    expect(
      (await api.get(`/invoices/${invoiceId}`)).json<{ schedule: { state: string }[] }>().schedule[0]?.state,
    ).toBe('sent');
  });

  it('should refuse other types, sizes over the limit and unknown sellers with 400', async () => {
    for (const body of [
      { sellerId: 'atelier-dupont', contentType: 'image/png', contentLength: 1000 },
      { sellerId: 'atelier-dupont', contentType: 'application/pdf', contentLength: 11 * 1024 * 1024 },
      { sellerId: 'atelier-dupont', contentType: 'application/pdf', contentLength: 0 },
      { sellerId: 'inconnu', contentType: 'application/pdf', contentLength: 1000 },
      { sellerId: 'atelier-dupont', contentType: 'application/pdf', contentLength: 1000, acl: 'public-read' },
    ]) {
      const refused = await requestUpload(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
