import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFacturXPdf } from '../../lib/local/facturx';
import { facturXSpec } from '../fixtures/facturx';
import { MINIMAL_PDF_BASE64 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * "Post the PDF, we read the rest": Factur-X invoices registered through the HTTP API of the local
 * service with nothing but `sellerId` and the PDF, then dunned like any other invoice.
 */

type Problem = { status: number; errors?: { path: string; message: string }[] };

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
).join(
  '',
)}]><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol9;</rsm:CrossIndustryInvoice>`;

describe('Factur-X registration through the HTTP API', () => {
  let harness: Harness;
  let pdf: Uint8Array;

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    pdf = await buildFacturXPdf(facturXSpec('EN 16931'));
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should register a Factur-X PDF posted with only sellerId and pdf, every field read from it', async () => {
    const created = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      pdf: { contentBase64: base64(pdf) },
    });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      sellerId: 'atelier-dupont',
      number: 'FA-2026-0042',
      status: 'scheduled',
      issueDate: '2026-10-21',
      dueDate: '2026-11-20',
      currency: 'EUR',
      totalMinor: 123456,
      balanceMinor: 123456,
      purchaseOrder: 'PO-7781',
      customer: {
        id: 'C-042',
        name: 'Marie Martin',
        companyName: 'Boulangerie Martin SARL',
        type: 'business',
        email: 'marie@boulangerie-martin.fr',
      },
      source: 'factur-x',
      facturX: { profile: 'EN 16931' },
    });
    // Posting the same PDF again is the same invoice.
    const again = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      pdf: { contentBase64: base64(pdf) },
    });
    expect(again.status).toBe(200);
  });

  it('should run its cadence and attach the posted PDF byte for byte', async () => {
    await harness.advanceTo('2026-11-12T09:00:00Z');
    const [reminder, ...others] = await harness.emailsTo('marie@boulangerie-martin.fr');
    expect(others).toEqual([]);
    expect(reminder?.subject).toContain('FA-2026-0042');
    const attachment = reminder?.attachments.find((file) => file.contentType.includes('pdf'));
    expect(Buffer.from(attachment?.content ?? '', 'base64').equals(Buffer.from(pdf))).toBe(true);
  });

  it('should refuse a JSON field that contradicts the document, naming it', async () => {
    const conflicting = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      number: 'FA-2026-0099',
      customer: { email: 'MARIE@boulangerie-martin.fr', locale: 'fr' },
      pdf: { contentBase64: base64(pdf) },
    });
    expect(conflicting.status).toBe(400);
    expect(conflicting.json<Problem>().errors).toEqual([
      { path: 'number', message: expect.stringContaining('BT-1') },
    ]);
  });

  it("should refuse a Factur-X issued under another seller's SIREN", async () => {
    const foreign = await buildFacturXPdf(
      facturXSpec('BASIC', { number: 'FA-OTHER-1', seller: { name: 'Autre SA', siren: '552100554' } }),
    );
    const refused = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      pdf: { contentBase64: base64(foreign) },
    });
    expect(refused.status).toBe(400);
    expect(refused.json<Problem>().errors?.[0]).toEqual({
      path: 'pdf',
      message: expect.stringContaining('BT-30'),
    });
  });

  it('should answer an XML bomb with 400 and a PDF with nothing to read with the list of what is missing', async () => {
    const bomb = await buildFacturXPdf(facturXSpec('BASIC'), { xml: BILLION_LAUGHS });
    const refused = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      pdf: { contentBase64: base64(bomb) },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json<Problem>().errors?.[0]?.message).toMatch(/DOCTYPE/);

    const plain = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      pdf: { contentBase64: MINIMAL_PDF_BASE64 },
    });
    expect(plain.status).toBe(400);
    expect(plain.json<Problem>().errors?.map((issue) => issue.path)).toEqual([
      'number',
      'issueDate',
      'dueDate',
      'currency',
      'totalMinor',
      'customer.id',
      'customer.name',
      'customer.type',
      'customer.email',
    ]);
  });

  it('should complete a MINIMUM document with the JSON, and say what a MINIMUM document lacks', async () => {
    const minimum = base64(await buildFacturXPdf(facturXSpec('MINIMUM', { number: 'FA-MIN-1' })));
    const lacking = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      pdf: { contentBase64: minimum },
    });
    expect(lacking.status).toBe(400);
    expect(lacking.json<Problem>().errors).toEqual([
      { path: 'dueDate', message: expect.stringContaining('MINIMUM') },
      { path: 'customer.email', message: expect.stringContaining('MINIMUM') },
    ]);
    const completed = await harness.post('/invoices', {
      sellerId: 'atelier-dupont',
      dueDate: '2026-11-20',
      customer: { email: 'compta@boulangerie-martin.fr', payerProfile: 'good' },
      pdf: { contentBase64: minimum },
    });
    expect(completed.status).toBe(201);
    expect(completed.json()).toMatchObject({
      number: 'FA-MIN-1',
      dueDate: '2026-11-20',
      customer: { id: '552100554', email: 'compta@boulangerie-martin.fr', payerProfile: 'good' },
      source: 'factur-x',
      facturX: { profile: 'MINIMUM' },
    });
  });
});
