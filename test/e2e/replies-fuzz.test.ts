import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { parseReplyForm, REPLY_ACTIONS } from '../../functions/core/replies';
import { signReplyToken } from '../../functions/core/reply-token';
import { awsClients } from '../../functions/shared/aws-clients';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * Property: nothing thrown at the public reply routes causes a 5xx or a write. Malformed, tampered and
 * expired tokens go to GET and POST; malformed form bodies go to POST with a valid token. Each answer
 * must be a 4xx, and the table and the executions must be exactly as before.
 */

const RUNS = 300;
const TODAY = '2026-11-02';
const FORM = 'application/x-www-form-urlencoded';

describe('reply routes under malformed input (fast-check)', () => {
  let api: Harness;
  let token: string;
  const invoiceId = invoiceIdFor('atelier-dupont', invoiceFa0012.number);

  const snapshot = async () => {
    const tableName = api.service.model.tables[0]?.TableName as string;
    const { Items = [] } = await awsClients().dynamo.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true }),
    );
    return {
      items: Items.map((item) => JSON.stringify(item)).sort(),
      executions: api.service.engine.listExecutions().map((execution) => JSON.stringify(execution)),
    };
  };

  const expect4xx = async (method: 'GET' | 'POST', tokenText: string, body?: string, contentType = FORM) => {
    const result = await api.request(method, `/r/${encodeURIComponent(tokenText)}`, {
      apiKey: null,
      ...(method === 'POST' ? { body: body ?? '', headers: { 'content-type': contentType } } : {}),
    });
    if (result.status < 400 || result.status >= 500) {
      throw new Error(
        `${method} /r/${tokenText.slice(0, 80)} answered ${result.status} to ${(body ?? '').slice(0, 200)}`,
      );
    }
  };

  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    expect((await api.post('/invoices', invoiceFa0012)).status).toBe(201);
    await api.settle();
    token = signReplyToken(
      { invoiceId, step: 'courtesy_reminder', sentAt: new Date('2026-11-02T08:00:00Z') },
      [api.service.replySecret],
    );
    // The token is good: the page opens.
    expect((await api.request('GET', `/r/${token}`, { apiKey: null })).status).toBe(200);
    before = await snapshot();
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should refuse malformed, tampered, foreign and expired tokens on GET and POST', async () => {
    const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/);
    const tampered = fc
      .tuple(
        fc.nat({ max: 58 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      )
      .map(([index, char]) => `${token.slice(0, index)}${char}${token.slice(index + 1)}`)
      .filter((changed) => changed !== token);
    const foreign = fc.string({ minLength: 1, maxLength: 30 }).map((number) =>
      signReplyToken(
        {
          invoiceId: invoiceIdFor('atelier-dupont', `X-${number}`),
          step: 'first_reminder',
          sentAt: new Date('2026-11-01T00:00:00Z'),
        },
        [api.service.replySecret],
      ),
    );
    const expired = fc.integer({ min: 61, max: 3000 }).map((days) =>
      signReplyToken(
        {
          invoiceId,
          step: 'formal_notice',
          sentAt: new Date(Date.parse('2026-11-02T10:00:00Z') - days * 86_400_000),
        },
        [api.service.replySecret],
      ),
    );
    const anything = fc.string({ minLength: 1, maxLength: 120 }).filter((text) => text !== token);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(base64url, tampered, foreign, expired, anything),
        fc.constantFrom(...REPLY_ACTIONS),
        async (candidate, action) => {
          await expect4xx('GET', candidate);
          await expect4xx(
            'POST',
            candidate,
            `action=${action}&message=hello&reason=other&installments=3&promisedOn=${TODAY}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should refuse malformed form bodies with a valid token', async () => {
    const field = fc.constantFrom(
      'action',
      'paidOn',
      'reference',
      'promisedOn',
      'reason',
      'message',
      'installments',
      'status',
      'paidMinor',
      '',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        ...REPLY_ACTIONS,
        '2026-11-02',
        '2026-02-30',
        '2027-01-01',
        '7',
        '1',
        '2.5',
        'other',
        'x'.repeat(2500),
        'a\u0000b',
        'a\r\nb',
      ),
    );
    const pairs = fc
      .array(fc.tuple(field, value), { maxLength: 6 })
      .map((entries) => new URLSearchParams(entries).toString());
    const raw = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('%', '%E0%A4%A', '&&&=', 'action', '=paid', '\u0000'),
    );
    const body = fc.oneof(pairs, raw).filter((text) => !parseReplyForm(text, TODAY).ok);
    await fc.assert(
      fc.asyncProperty(body, async (text) => expect4xx('POST', token, text)),
      { numRuns: RUNS },
    );
  });

  it('should refuse a valid answer sent with another content type or far too large', async () => {
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
      'application/x-www-form-urlencodedx',
    );
    await fc.assert(
      fc.asyncProperty(contentType, async (type) =>
        expect4xx('POST', token, 'action=question&message=hello', type),
      ),
      { numRuns: 20 },
    );
    await expect4xx('POST', token, `action=question&message=${'a'.repeat(20_000)}`);
  });

  it('should have left the table and the executions exactly as they were', async () => {
    await api.settle();
    expect(await snapshot()).toEqual(before);
  });
});
