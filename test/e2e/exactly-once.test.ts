import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceIdFor } from '../../functions/core/ids';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, sentAt, startHarness } from './harness';

/**
 * The exactly-once protocol of the send function (docs/domain.md "Sending exactly once"), through the
 * real workflow: a claim left behind by a sender that died between the claim and SES's answer is never
 * sent again; it becomes visible as `send_outcome_unknown`, and the cadence goes on.
 */
describe('sending exactly once', () => {
  let api: Harness;
  const invoiceId = invoiceIdFor(invoiceFa0012.sellerId, invoiceFa0012.number);
  const customer = invoiceFa0012.customer.email;

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    expect((await api.post('/invoices', invoiceFa0012)).status).toBe(201);
    await api.settle();
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('should not resend a step whose sender died after claiming it, and should say so', async () => {
    // What a sender that crashed after its claim leaves behind: a claim with no outcome.
    const tableName = api.service.model.tables[0]?.TableName as string;
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `INVOICE#${invoiceId}`, sk: 'INVOICE' },
        UpdateExpression: 'SET steps.courtesy_reminder = :claim',
        ExpressionAttributeValues: { ':claim': { state: 'claimed', claimedAt: '2026-11-12T07:55:00.000Z' } },
      }),
    );

    await api.advanceTo('2026-11-12T09:00:00Z');
    expect(await api.emailsTo(customer)).toEqual([]);
    const view = (await api.get(`/invoices/${invoiceId}`)).json<{
      schedule: { step: string; state: string; reason?: string }[];
      events: { type: string; step?: string }[];
    }>();
    expect(view.schedule[0]).toMatchObject({
      step: 'courtesy_reminder',
      state: 'skipped',
      reason: 'send_outcome_unknown',
    });
    expect(view.events.filter((e) => e.type === 'send_outcome_unknown')).toEqual([
      expect.objectContaining({ step: 'courtesy_reminder' }),
    ]);
  });

  it('should go on with the next steps, each sent once', async () => {
    await api.advanceTo('2026-12-08T09:00:00Z');
    expect((await api.emailsTo(customer)).map(sentAt)).toEqual([
      '2026-11-30T08:00:00.000Z',
      '2026-12-07T08:00:00.000Z',
    ]);
  });
});
