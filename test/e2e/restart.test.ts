import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { createDataDir, type Harness, removeDataDir, sentAt, startHarness } from './harness';

/**
 * `--data-dir`: stopping the service in the middle of a wait and starting it again on the same
 * directory loses nothing (tables, objects, mailbox, clock, running executions) and sends nothing twice.
 */
describe('restart with a data directory', () => {
  const dataDir = createDataDir();
  let harness: Harness | undefined;

  afterAll(async () => {
    await harness?.stop();
    removeDataDir(dataDir);
  });

  it('should resume a waiting execution after a restart and send each reminder exactly once', async () => {
    harness = await startHarness({ dataDir, now: '2026-11-02T10:00:00Z' });
    await harness.put('/sellers/atelier-dupont', atelierDupont);
    const created = await harness.post('/invoices', invoiceFa0012);
    expect(created.status).toBe(201);
    const { invoiceId } = created.json<{ invoiceId: string }>();
    // After the first reminder, the execution waits for the second one (2026-12-07).
    await harness.advanceTo('2026-12-01T00:00:00Z');
    expect(await harness.emailsTo(invoiceFa0012.customer.email)).toHaveLength(2);
    // Each email is on disk as soon as it is stored, not only at a clean stop.
    const onDisk = readFileSync(join(dataDir, 'mailbox.jsonl'), 'utf8').trim().split('\n');
    expect(onDisk).toHaveLength((await harness.emails()).length);
    await harness.stop();

    harness = await startHarness({ dataDir });
    expect(await harness.now()).toBe('2026-12-01T00:00:00.000Z');
    expect((await harness.get(`/invoices/${invoiceId}`)).status).toBe(200);
    await harness.advanceTo('2027-01-15T00:00:00Z');

    const toCustomer = await harness.emailsTo(invoiceFa0012.customer.email);
    expect(toCustomer.map(sentAt)).toEqual([
      '2026-11-12T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      '2026-12-07T08:00:00.000Z',
      '2026-12-21T08:00:00.000Z',
    ]);
    expect(new Set(toCustomer.map((email) => email.subject)).size).toBe(4);
    const view = (await harness.get(`/invoices/${invoiceId}`)).json<{
      status: string;
      schedule: { state: string }[];
    }>();
    expect(view.status).toBe('escalated');
    expect(view.schedule.map((step) => step.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    const [execution] = harness.service.engine.listExecutions();
    expect(execution).toMatchObject({
      name: invoiceId,
      status: 'SUCCEEDED',
      resumes: [{ at: '2026-12-01T00:00:00.000Z', state: 'Wait until second reminder' }],
      // Route, plan, 5 × (planned?, wait, check, still due?, send), 4 × postponed? after the customer
      // messages, the escalation re-planned after the notice, complete: as without the restart.
      transitions: 33,
    });
  });
});
