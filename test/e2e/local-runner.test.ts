import { request } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { awsClients } from '../../functions/shared/aws-clients';
import { startLocalService } from '../../lib/local/service';
import { buildLocalModel } from '../../lib/local/template';
import { fixtureService, runBrokenExecution, runFlakyExecution } from '../fixtures/local/service';
import { fixtureTemplate } from '../fixtures/local/template';
import { sentAt } from './harness';

/**
 * The local runner on its own, with the hand-made fixture template and handlers of
 * test/fixtures/local: template loading, the API Gateway adapter, the Step Functions endpoint and
 * engine, the virtual clock and SES events.
 */

describe('template loader', () => {
  it('should extract the table with its indexes, the buckets, the routes and the state machine', () => {
    const model = buildLocalModel(fixtureTemplate());
    expect(model.tables).toHaveLength(1);
    expect(model.tables[0]?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      'bySeller',
      'byCustomer',
      'byStatus',
    ]);
    expect(model.buckets).toEqual(['invoicesbucket']);
    expect([...model.functions.keys()]).not.toContain('LogRetentionProvider');
    expect(
      model.api?.routes.map((route) => `${route.method} ${route.resourcePath} ${route.apiKeyRequired}`),
    ).toEqual(expect.arrayContaining(['POST /echo false', 'GET /echo/{id} true', 'POST /executions true']));
    const states = model.stateMachines[0]?.definition.States as Record<
      string,
      { Parameters?: { FunctionName?: string } }
    >;
    const send = states['Send first'];
    expect(send?.Parameters?.FunctionName).toBe(
      'arn:aws:lambda:eu-west-3:000000000000:function:SendFunction',
    );
  });

  it('should refuse to start when a task resource has no local handler', async () => {
    await expect(
      startLocalService({
        template: fixtureTemplate({ checkResource: 'sqs:sendMessage' }),
        port: 0,
        mailboxPort: 0,
      }),
    ).rejects.toThrow(/State "Check first" \(Resource arn:aws:states:::sqs:sendMessage\)/);
  });
});

describe('local service with the fixture template', () => {
  const fixture = fixtureService();
  const { harness, startExecution } = fixture;
  const describeExecution = async (name: string) =>
    (await harness().get(`/executions/${name}`)).json<{
      status: string;
      error?: string;
      stopDate?: string;
    }>();

  describe('API Gateway adapter', () => {
    it('should pass the raw body to the function byte for byte', async () => {
      const raw = '{ "b":1,\r\n  "a" : "é€😀\\u00e9",\t"n": 1.10 }\n';
      const result = await harness().post('/echo', raw, {
        apiKey: null,
        headers: { 'content-type': 'application/json' },
      });
      expect(result.status).toBe(200);
      expect(result.json<{ body: string; isBase64Encoded: boolean }>()).toMatchObject({
        body: raw,
        isBase64Encoded: false,
      });
    });

    it('should build a v1 proxy event with path parameters, query strings and multi-value headers', async () => {
      const result = await harness().request('GET', '/echo/inv%20A?status=paid&tag=a&tag=b%2Bc', {
        headers: { 'X-Custom': 'first' },
      });
      expect(result.status).toBe(200);
      const event = result.json<Record<string, unknown>>();
      expect(event).toMatchObject({
        resource: '/echo/{id}',
        path: '/echo/inv%20A',
        httpMethod: 'GET',
        pathParameters: { id: 'inv A' },
        queryStringParameters: { status: 'paid', tag: 'b+c' },
        multiValueQueryStringParameters: { status: ['paid'], tag: ['a', 'b+c'] },
        body: null,
        requestContext: { stage: 'v1', resourcePath: '/echo/{id}', identity: { apiKey: harness().apiKey } },
      });
      // Client casing is kept, as API Gateway does.
      expect(event.headers).toMatchObject({ 'X-Custom': 'first' });
      expect(event.multiValueHeaders).toMatchObject({ 'X-Custom': ['first'] });
      expect(result.headers.get('x-echo')).toBe('one, two');
    });

    it('should keep every value of a repeated header in multiValueHeaders and the last in headers', async () => {
      const event = JSON.parse(
        await rawRequest(
          `${harness().apiUrl}/echo`,
          ['X-Multi', 'a', 'x-multi', 'b', 'Content-Type', 'text/plain'],
          'x',
        ),
      ) as { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> };
      expect(event.headers['X-Multi']).toBe('b');
      expect(event.multiValueHeaders['X-Multi']).toEqual(['a', 'b']);
    });

    it('should enforce the API key on keyed routes with the template gateway response', async () => {
      const missing = await harness().get('/echo/1', { apiKey: null });
      const wrong = await harness().get('/echo/1', { apiKey: 'not-the-key' });
      for (const result of [missing, wrong]) {
        expect(result.status).toBe(403);
        expect(result.headers.get('content-type')).toBe('application/problem+json');
        expect(result.json()).toEqual({
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
          detail: 'Forbidden',
        });
      }
      expect((await harness().get('/echo/1')).status).toBe(200);
      expect((await harness().post('/echo', 'x', { apiKey: null })).status).toBe(200);
    });

    it('should answer the stage-prefixed path as well', async () => {
      expect((await harness().get('/v1/echo/1')).json()).toMatchObject({
        path: '/echo/1',
        requestContext: { path: '/v1/echo/1' },
      });
    });

    it('should answer 404 problem+json for a path or method the API does not have', async () => {
      for (const result of [await harness().get('/nowhere'), await harness().request('DELETE', '/echo')]) {
        expect(result.status).toBe(404);
        expect(result.json()).toMatchObject({ title: 'Not Found', detail: 'Missing Authentication Token' });
      }
    });

    it('should reject a body over API Gateway limit with 413 problem+json', async () => {
      const result = await harness().post('/echo', Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), { apiKey: null });
      expect(result.status).toBe(413);
      expect(result.headers.get('content-type')).toBe('application/problem+json');
      expect(result.json()).toMatchObject({ status: 413 });
    });

    it('should answer 502 when the function throws or returns a malformed response', async () => {
      for (const fail of ['throw', 'malformed']) {
        const result = await harness().get(`/echo/1?fail=${fail}`);
        expect(result.status).toBe(502);
        expect(result.json()).toMatchObject({
          title: 'Service unavailable',
          detail: 'Internal server error',
        });
      }
    });
  });

  describe('Step Functions endpoint and engine', () => {
    it('should refuse a second execution with the same name and other input', async () => {
      const input = { id: 'dup', first: '2027-06-01T08:00:00Z', second: '2027-06-02T08:00:00Z' };
      expect((await startExecution('dup', input)).status).toBe(201);
      // Same name, same input, still running: idempotent as in AWS.
      expect((await startExecution('dup', input)).status).toBe(201);
      expect((await startExecution('dup', { ...input, id: 'other' })).status).toBe(409);
    });

    it('should stop an execution waiting in virtual time, and send nothing for it afterwards', async () => {
      const input = { id: 'stopped', first: '2026-11-03T08:00:00Z', second: '2026-11-04T08:00:00Z' };
      await startExecution('stopped', input);
      expect((await harness().request('DELETE', '/executions/stopped')).status).toBe(200);
      expect(await describeExecution('stopped')).toMatchObject({ status: 'ABORTED' });
      await harness().advanceTo('2026-11-05T00:00:00Z');
      expect(await harness().emailsTo('customer+stopped@')).toEqual([]);
    });

    it('should fire waits in virtual time order, with handlers reading the virtual clock', async () => {
      await startExecution('late', {
        id: 'late',
        first: '2026-11-12T09:00:00Z',
        second: '2026-11-20T09:00:00Z',
      });
      await startExecution('early', {
        id: 'early',
        first: '2026-11-10T08:00:00Z',
        second: '2026-11-25T08:00:00Z',
      });
      expect(await harness().advanceTo('2026-11-11T00:00:00Z')).toBe('2026-11-11T00:00:00.000Z');
      expect((await harness().emailsTo('customer+late@')).length).toBe(0);

      expect(await harness().advanceBy('P20D')).toBe('2026-12-01T00:00:00.000Z');
      const sends = (await harness().emails())
        .filter((email) => /customer\+(early|late)@/.test(email.destination.to[0] ?? ''))
        .map((email) => [sentAt(email), email.subject]);
      expect(sends).toEqual([
        ['2026-11-10T08:00:00.000Z', 'first early 2026-11-10T08:00:00.000Z'],
        ['2026-11-12T09:00:00.000Z', 'first late 2026-11-12T09:00:00.000Z'],
        ['2026-11-20T09:00:00.000Z', 'second late 2026-11-20T09:00:00.000Z'],
        ['2026-11-25T08:00:00.000Z', 'second early 2026-11-25T08:00:00.000Z'],
      ]);
      expect(await describeExecution('early')).toMatchObject({
        status: 'SUCCEEDED',
        stopDate: '2026-11-25T08:00:00.000Z',
      });
    });

    it('should retry a TransientSendError and send once', async () => {
      expect(await runFlakyExecution(fixture)).toEqual({ emails: 2, retried: ['Send first'] });
      expect(harness().service.engine.describeExecution({ executionArn: arnOf('flaky') }).transitions).toBe(
        6,
      );
    });

    it('should surface a handler error to Catch with the error name and Lambda error payload', async () => {
      const error = await runBrokenExecution(fixture);
      expect(await describeExecution('broken')).toMatchObject({ status: 'FAILED', error: 'Failed' });
      expect(error).toMatchObject({
        Error: 'Error',
        Cause: { errorType: 'Error', errorMessage: 'broken#first cannot be sent' },
      });
    });
  });

  describe('virtual clock routes', () => {
    it('should report the virtual time and refuse to go back', async () => {
      const now = await harness().now();
      expect(now).toBe(harness().service.clock.now().toISOString());
      const back = await harness().post(
        '/_local/clock',
        { advanceTo: '2020-01-01T00:00:00Z' },
        { apiKey: null },
      );
      expect(back.status).toBe(400);
      const garbage = await harness().post('/_local/clock', { advanceBy: 'three days' }, { apiKey: null });
      expect(garbage.status).toBe(400);
      const info = (await harness().get('/_local/info', { apiKey: null })).json();
      expect(info).toMatchObject({ apiUrl: harness().apiUrl, mailboxUrl: harness().mailboxUrl, now });
    });
  });

  describe('SES mailbox simulator', () => {
    it('should deliver a bounce event, EventBridge-shaped, to the function the rule targets', async () => {
      await startExecution('bounce-1', {
        id: 'bounce-1',
        first: '2026-12-10T08:00:00Z',
        second: '2027-12-10T08:00:00Z',
      });
      await harness().advanceTo('2026-12-10T08:00:00Z');
      const [email] = await harness().emailsTo('bounce@simulator.amazonses.com');
      expect(email).toBeDefined();
      const table = harness().service.model.tables[0]?.TableName;
      const recorded = await awsClients().dynamo.send(
        new GetCommand({ TableName: table, Key: { pk: `SES#${email?.messageId}`, sk: 'Bounce' } }),
      );
      // The rule matches bounces and complaints only: no Send or Delivery event reaches the function.
      const delivery = await awsClients().dynamo.send(
        new GetCommand({ TableName: table, Key: { pk: `SES#${email?.messageId}`, sk: 'Send' } }),
      );
      expect(recorded.Item).toMatchObject({
        detailType: 'Email Bounced',
        webhookSecret: 'local-webhook-secret',
      });
      expect(delivery.Item).toBeUndefined();
    });
  });
});

/** A POST with raw header pairs (fetch would merge repeated headers into one). */
function rawRequest(url: string, headers: string[], body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // With raw header pairs, Node sends no Host header of its own.
    const req = request(
      url,
      { method: 'POST', headers: ['Host', new URL(url).host, ...headers] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function arnOf(name: string): string {
  return `arn:aws:states:local:000000000000:execution:StateMachine:${name}`;
}
