import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { buildCrossIndustryInvoice, buildFacturXPdf } from '../../lib/local/facturx';
import { facturXSpec } from '../fixtures/facturx';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * Property: nothing a client sends to a write route causes a 5xx or a write. At least 1 000 generated
 * malformed payloads per route go through the running local service; each must get a 4xx
 * problem+json, and the table, the bucket and the executions must be exactly as before.
 */

const RUNS_PER_ROUTE = 1000;
const HOSTILE = [
  '<script>alert(1)</script>',
  'a\r\nBcc: victim@example.com',
  'nul\u0000byte',
  'x'.repeat(5000),
  '\u202e\ufeff',
];

/** A valid body made invalid in a way that can never turn it valid again. */
function corrupted(
  valid: Record<string, unknown>,
  textFields: readonly string[],
  required: readonly string[] = Object.keys(valid),
): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    // An unknown field: strict schemas reject it, whatever the value.
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !keys.includes(k)),
        fc.jsonValue(),
      )
      .map(([k, v]) => ({
        ...valid,
        [k]: v,
      })),
    // A required field missing.
    fc.constantFrom(...required).map((k) => {
      const copy = { ...valid };
      delete copy[k];
      return copy;
    }),
    // A field of the wrong type.
    fc
      .tuple(
        fc.constantFrom(...keys),
        fc.oneof(fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
      )
      .map(([k, v]) => ({ ...valid, [k]: v })),
    // A hostile string (control characters or far too long) where a single-line text goes.
    fc
      .tuple(
        fc.constantFrom(...textFields),
        fc.constantFrom(
          ...HOSTILE.filter((h) => [...h].some((c) => c.charCodeAt(0) < 0x20) || h.length > 1000),
        ),
      )
      .map(([k, v]) => ({ ...valid, [k]: v })),
    // Something that is not an object at all.
    fc.oneof(fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))),
  );
}

/** Raw bytes that are not a JSON document. */
const notJson = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom('{', '{"a":', '\u0000', '[1,2', '{"totalMinor": 1e999999}x'),
);

describe('write routes under malformed input (fast-check)', () => {
  let api: Harness;
  const invoiceId = invoiceIdFor('atelier-dupont', invoiceFa0012.number);
  const dynamo = () => new DynamoDBClient({});
  const s3 = () => new S3Client({ forcePathStyle: true });

  const snapshot = async () => {
    const tableName = api.service.model.tables[0]?.TableName as string;
    const bucket =
      api.service.model.buckets.find((b) => b.toLowerCase().includes('invoice')) ??
      api.service.model.buckets[0];
    const items =
      (await dynamo().send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
    const objects = (await s3().send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
    return {
      items: items.map((item) => JSON.stringify(item)).sort(),
      objects: objects.map((o) => `${o.Key}:${o.Size}`).sort(),
      executions: api.service.engine.listExecutions().length,
    };
  };

  const expectRejected = async (
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const result = await api.request(method, path, {
      body: raw,
      headers: { 'content-type': 'application/json', ...headers },
      apiKey: path.startsWith('/webhooks') ? null : undefined,
    });
    if (result.status < 400 || result.status >= 500) {
      throw new Error(
        `${method} ${path} answered ${result.status} to ${raw.slice(0, 300)}: ${result.text.slice(0, 300)}`,
      );
    }
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.json<{ status: number }>().status).toBe(result.status);
  };

  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    expect((await api.post('/invoices', invoiceFa0012)).status).toBe(201);
    await api.settle();
    before = await snapshot();
  });

  afterAll(async () => {
    await api?.stop();
  });

  const routes: {
    name: string;
    method: string;
    path: string;
    valid: Record<string, unknown>;
    textFields: string[];
    required: string[];
  }[] = [
    {
      name: 'PUT /sellers/{sellerId}',
      method: 'PUT',
      path: '/sellers/atelier-dupont',
      valid: atelierDupont as unknown as Record<string, unknown>,
      textFields: ['legalName'],
      required: ['legalName', 'address', 'registration', 'contact', 'sender'],
    },
    {
      name: 'POST /invoices',
      method: 'POST',
      path: '/invoices',
      valid: { ...invoiceFa0012, number: 'FA-FUZZ-1' } as unknown as Record<string, unknown>,
      textFields: ['number', 'purchaseOrder'],
      required: ['sellerId', 'number', 'issueDate', 'dueDate', 'currency', 'totalMinor', 'customer', 'pdf'],
    },
    {
      name: 'POST /invoices/{id}/payments',
      method: 'POST',
      path: `/invoices/${invoiceId}/payments`,
      valid: { paymentId: 'P-FUZZ', amountMinor: 100, paidAt: '2026-11-02T09:00:00Z', method: 'transfer' },
      textFields: ['paymentId', 'method'],
      required: ['paymentId', 'amountMinor'],
    },
    {
      name: 'POST /invoices/{id}/pause',
      method: 'POST',
      path: `/invoices/${invoiceId}/pause`,
      valid: { reason: 'dispute', until: '2026-12-01', note: 'n' },
      textFields: ['reason'],
      required: ['reason'],
    },
    {
      name: 'POST /invoices/{id}/contact',
      method: 'POST',
      path: `/invoices/${invoiceId}/contact`,
      valid: { email: 'new@client.example', name: 'Marie Martin' },
      textFields: ['name'],
      required: ['email'],
    },
    {
      name: 'POST /invoices/{id}/cancel',
      method: 'POST',
      path: `/invoices/${invoiceId}/cancel`,
      valid: { reason: 'credit_note', note: 'n' },
      textFields: ['reason'],
      required: ['reason'],
    },
  ];

  for (const route of routes) {
    it(`should answer ${route.name} with 4xx problem+json and write nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(corrupted(route.valid, route.textFields, route.required), notJson),
          (body) => expectRejected(route.method, route.path, body),
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    });
  }

  it('should answer POST /invoices/batch with 4xx for malformed envelopes and write nothing', async () => {
    const envelope = fc.oneof(
      notJson,
      fc
        .jsonValue()
        .filter(
          (v) => v === null || typeof v !== 'object' || Array.isArray(v) || !('invoices' in (v as object)),
        ),
      fc.array(fc.jsonValue(), { minLength: 101, maxLength: 110 }).map((invoices) => ({ invoices })),
      fc.constant({ invoices: [] }),
      fc.jsonValue().map((extra) => ({ invoices: [invoiceFa0012], extra })),
    );
    await fc.assert(
      fc.asyncProperty(envelope, (body) => expectRejected('POST', '/invoices/batch', body)),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it('should answer POST /invoices/{id}/resume with 4xx for any body but an empty one', async () => {
    const body = fc.oneof(
      notJson,
      fc.jsonValue().filter((v) => JSON.stringify(v) !== '{}'),
    );
    await fc.assert(
      fc.asyncProperty(body, (value) => expectRejected('POST', `/invoices/${invoiceId}/resume`, value)),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it('should answer the webhooks with 400 for unsigned, badly signed or malformed events', async () => {
    const validEvent = {
      eventId: 'evt-fuzz',
      type: 'payment.succeeded',
      invoiceId,
      paymentId: 'PAY-FUZZ',
      amountMinor: 100,
      currency: 'EUR',
      paidAt: '2026-11-02T09:00:00Z',
    };
    const signature = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 100 }),
      fc.constant('t=1,v1=00'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(corrupted(validEvent, ['eventId', 'paymentId']), notJson),
        signature,
        fc.boolean(),
        async (body, sig, signIt) => {
          const raw = typeof body === 'string' ? body : JSON.stringify(body);
          // Half of the malformed events carry a valid signature, so the schema itself is exercised.
          const header = signIt ? api.signWebhook(raw) : sig;
          await expectRejected(
            'POST',
            '/webhooks/payments/generic',
            raw,
            header === undefined ? {} : { 'Dunning-Signature': header },
          );
          await expectRejected(
            'POST',
            '/webhooks/payments/stripe',
            raw,
            header === undefined || signIt ? {} : { 'Stripe-Signature': header },
          );
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it('should answer POST /invoices with 4xx for mutated Factur-X documents and write nothing', async () => {
    const spec = facturXSpec('EN 16931', { number: 'FA-FUZZ-FX' });
    const xml = buildCrossIndustryInvoice(spec);
    const pdf = Buffer.from(await buildFacturXPdf(spec));
    // The JSON number contradicts the document's (BT-1): whatever a mutation leaves readable is a
    // conflict, whatever it breaks is unreadable or missing, so every answer must be a 4xx.
    const post = (bytes: Uint8Array) =>
      expectRejected('POST', '/invoices', {
        sellerId: 'atelier-dupont',
        number: 'FA-FUZZ-CONFLICT',
        pdf: { contentBase64: Buffer.from(bytes).toString('base64') },
      });
    const flipped = fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
      .map((flips) => {
        const copy = Buffer.from(pdf);
        for (const [at, value] of flips) copy[at % copy.length] = value;
        return copy;
      });
    const truncated = fc.nat().map((end) => pdf.subarray(0, 5 + (end % (pdf.length - 5))));
    await fc.assert(fc.asyncProperty(fc.oneof(flipped, truncated), post), { numRuns: 300 });

    const lol = `<!DOCTYPE r [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "${'&a;'.repeat(100)}">]>`;
    const hostile = fc.constantFrom(
      xml.replace('?>', `?>${lol}`),
      xml
        .replace('?>', '?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
        .replace('FA-FUZZ-FX', '&x;'),
      xml.replace(
        '<rsm:ExchangedDocument>',
        `<rsm:ExchangedDocument>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`,
      ),
      xml.replace('<rsm:ExchangedDocument>', `<rsm:ExchangedDocument><n>${'&#65;'.repeat(250_000)}</n>`),
      xml.slice(0, xml.length / 2),
    );
    const inserted = fc
      .tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 20 }))
      .map(([at, text]) => `${xml.slice(0, at % xml.length)}${text}${xml.slice(at % xml.length)}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, inserted), async (mutated) =>
        post(await buildFacturXPdf(spec, { xml: mutated })),
      ),
      { numRuns: 120 },
    );
  });

  it('should answer hostile shapes (far-future dates, deep JSON, crafted cursors, prototype keys, invisible controls) with 4xx and write nothing', async () => {
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const farDate = fc
      .date({
        min: new Date('2100-01-01T00:00:00Z'),
        max: new Date('9999-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    const deep = fc
      .integer({ min: 33, max: 3000 })
      .map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
    const prototypeKey = fc.constantFrom('__proto__', 'constructor', 'prototype');
    const invisible = fc.constantFrom('\u202e', '\u2066', '\u2069', '\u200b', '\u200f', '\ufeff', '\u061c');
    const cursor = fc.oneof(
      fc.jsonValue().map(base64url),
      fc
        .constantFrom(
          { pk: '', sk: '', gsi1pk: 'SELLER#atelier-dupont', gsi1sk: '' },
          { pk: 'INVOICE#x', sk: 'INVOICE', gsi1pk: 'SELLER#other', gsi1sk: 'FA' },
        )
        .map(base64url),
      fc.string({ maxLength: 100 }),
    );
    const payments = `/invoices/${invoiceId}/payments`;
    type Request = [method: string, path: string, body?: unknown];
    const request: fc.Arbitrary<Request> = fc.oneof(
      farDate.map((d): Request => ['GET', `/invoices/${invoiceId}?asOf=${d}`]),
      farDate.map(
        (d): Request => ['POST', payments, { paymentId: 'P-F', amountMinor: 1, paidAt: `${d}T00:00:00Z` }],
      ),
      farDate.map((d): Request => ['POST', `/invoices/${invoiceId}/pause`, { reason: 'dispute', until: d }]),
      farDate.map((d): Request => ['POST', '/invoices', { ...invoiceFa0012, number: 'FA-FAR', dueDate: d }]),
      deep.map((raw): Request => ['POST', '/invoices', raw]),
      deep.map((raw): Request => ['POST', payments, `{"paymentId":"P-D","amountMinor":1,"method":${raw}}`]),
      cursor.map(
        (c): Request => ['GET', `/invoices?sellerId=atelier-dupont&cursor=${encodeURIComponent(c)}`],
      ),
      prototypeKey.map((k): Request => ['GET', `/invoices?sellerId=atelier-dupont&${k}=x`]),
      prototypeKey.map(
        (k): Request => ['POST', payments, `{"paymentId":"P-K","amountMinor":1,"${k}":{"admin":true}}`],
      ),
      fc.tuple(invisible, fc.constantFrom('name', 'companyName', 'id')).map(
        ([c, field]): Request => [
          'POST',
          '/invoices',
          {
            ...invoiceFa0012,
            number: 'FA-BIDI',
            customer: { ...invoiceFa0012.customer, [field]: `HX-4${c}fdp.exe` },
          },
        ],
      ),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([method, path, body]) => {
        if (body === undefined) {
          const result = await api.request(method, path);
          if (result.status < 400 || result.status >= 500)
            throw new Error(`${method} ${path} answered ${result.status}: ${result.text.slice(0, 300)}`);
          expect(result.headers.get('content-type')).toContain('application/problem+json');
          return;
        }
        await expectRejected(method, path, body);
      }),
      { numRuns: 300 },
    );
  });

  it('should have left the table, the bucket and the executions exactly as they were', async () => {
    await api.settle();
    expect(await snapshot()).toEqual(before);
  });
});
