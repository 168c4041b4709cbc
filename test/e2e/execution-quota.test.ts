import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, startHarness } from './harness';

/**
 * Registration when the open-execution quota is full: the local Step Functions endpoint is told to
 * answer `ExecutionLimitExceeded` (the quota cannot be filled locally), the invoice is stored with its
 * start pending, and the morning job starts it; the cadence then runs as usual.
 */

interface View {
  invoiceId: string;
  status: string;
  flags: string[];
  schedule: { step: string; at: string; state: string }[];
  events: { type: string; reason?: string }[];
}

describe('registration past the open-execution quota', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should keep the invoice with its start pending, start it the next morning and send its cadence', async () => {
    harness.service.sfnFaults.failStarts('ExecutionLimitExceeded', 2);
    const created = await harness.post('/invoices', invoiceFa0012);
    expect(created.status).toBe(201);
    const registered = created.json<View>();
    expect(registered.status).toBe('scheduled');
    expect(registered.flags).toContain('start_pending');
    expect(registered.schedule[0]).toMatchObject({ step: 'courtesy_reminder', state: 'planned' });

    // A re-post while the quota is still full answers 200 and keeps it pending, once.
    const reposted = await harness.post('/invoices', invoiceFa0012);
    expect(reposted.status).toBe(200);
    const pending = (await harness.get(`/invoices/${registered.invoiceId}`)).json<View>();
    expect(pending.flags).toContain('start_pending');
    expect(pending.events.filter((event) => event.type === 'execution_start_deferred')).toEqual([
      expect.objectContaining({ reason: 'ExecutionLimitExceeded' }),
    ]);

    // The quota has room again; the job runs at 08:00 Paris (07:00Z) and starts the execution.
    await harness.advanceTo('2026-11-03T07:30:00Z');
    const started = (await harness.get(`/invoices/${registered.invoiceId}`)).json<View>();
    expect(started.flags).not.toContain('start_pending');
    expect(started.events.map((event) => event.type)).toContain('execution_started_late');

    await harness.advanceTo('2026-11-12T09:00:00Z');
    const sent = await harness.emailsTo(invoiceFa0012.customer.email as string);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.at).toBe(Date.parse('2026-11-12T08:00:00Z') / 1000);
  });
});
