import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, sentAt, startHarness } from './harness';

/**
 * Customers the seller cannot reach, end to end: an address SES bounces (mailbox simulator) gets no more
 * email, the seller is told once, `POST /invoices/{id}/contact` resumes the cadence without a burst; a
 * customer in insolvency proceedings is paused for good and the seller gets the claim deadline.
 */

const SELLER = 'atelier-dupont';
const SELLER_CONTACT = 'compta@atelier-dupont.fr';

interface View {
  invoiceId: string;
  status: string;
  flags: string[];
  customer: { email: string };
  schedule: { step: string; at: string; state: string; reason?: string }[];
  undeliverable?: { address: string; cause: string; step?: string };
  pause?: { reason: string; until?: string; bodaccPublishedOn?: string; claimDeclarationDeadline?: string };
  events?: { type: string; step?: string; reason?: string; alert?: string }[];
}

function invoice(number: string, email: string): InvoiceInput {
  // Due Friday 2026-11-20: courtesy 12 Nov, first reminder 30 Nov, second 7 Dec, notice 21 Dec.
  return { ...invoiceFa0012, number, customer: { ...invoiceFa0012.customer, id: `C-${number}`, email } };
}

describe('undeliverable addresses and insolvency through the HTTP API', () => {
  let api: Harness;
  const ids = new Map<string, string>();
  const view = async (number: string) => (await api.get(`/invoices/${ids.get(number)}`)).json<View>();
  const alerts = async (subject: RegExp) =>
    (await api.emailsTo(SELLER_CONTACT)).filter((email) => subject.test(email.subject));
  const register = async (number: string, email: string) => {
    const created = await api.post('/invoices', invoice(number, email));
    expect(created.status, created.text).toBe(201);
    ids.set(number, created.json<View>().invoiceId);
  };

  beforeAll(async () => {
    api = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await api.put(`/sellers/${SELLER}`, atelierDupont)).status).toBe(201);
    await register('FA-UND-FIXED', 'bounce@simulator.amazonses.com');
    await register('FA-UND-NEVER', 'bounce+never@simulator.amazonses.com');
    await register('FA-INSOLVENT', 'gerant@insolvent.example');
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('insolvency', () => {
    it('should refuse an end date and a publication date in the future, with problem+json', async () => {
      const path = `/invoices/${ids.get('FA-INSOLVENT')}/pause`;
      const ended = await api.post(path, { reason: 'insolvency', until: '2026-12-15' });
      expect(ended.status).toBe(400);
      expect(ended.headers.get('content-type')).toContain('application/problem+json');
      expect(ended.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual([
        'until',
      ]);
      const future = await api.post(path, { reason: 'insolvency', bodaccPublishedOn: '2026-11-03' });
      expect(future.status).toBe(400);
      expect((await view('FA-INSOLVENT')).status).toBe('scheduled');
    });

    it('should pause for good and email the seller the claim declaration deadline, once', async () => {
      const path = `/invoices/${ids.get('FA-INSOLVENT')}/pause`;
      const paused = await api.post(path, { reason: 'insolvency', bodaccPublishedOn: '2026-10-15' });
      expect(paused.status, paused.text).toBe(200);
      expect(paused.json<View>().pause).toMatchObject({
        reason: 'insolvency',
        bodaccPublishedOn: '2026-10-15',
        claimDeclarationDeadline: '2026-12-15',
      });
      expect(paused.json<View>().pause?.until).toBeUndefined();
      // Paused again (a note, say): no second email.
      expect((await api.post(path, { reason: 'insolvency', note: 'mandataire: Me X' })).status).toBe(200);
      await api.settle();
      const sent = await alerts(/^Procédure collective/);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.body.text).toContain('au plus tard le 15/12/2026');
      expect(sent[0]?.body.text).toContain('R622-24');
      const events = (await view('FA-INSOLVENT')).events ?? [];
      expect(events.filter((event) => event.type === 'seller_alerted')).toEqual([
        expect.objectContaining({ alert: 'insolvency' }),
      ]);
    });
  });

  describe('a bounced address', () => {
    it('should tell the seller once and show the next steps as skipped', async () => {
      await api.advanceTo('2026-11-12T09:00:00Z');
      expect(await api.emailsTo('bounce@simulator.amazonses.com')).toHaveLength(1);
      const bounced = await view('FA-UND-FIXED');
      expect(bounced.flags).toContain('undeliverable');
      expect(bounced.undeliverable).toMatchObject({
        address: 'bounce@simulator.amazonses.com',
        cause: 'bounce',
        step: 'courtesy_reminder',
      });
      expect(bounced.schedule.find((entry) => entry.step === 'first_reminder')).toMatchObject({
        state: 'skipped',
        reason: 'undeliverable',
      });
      const sent = await alerts(/^Adresse e-mail à corriger/);
      expect(sent.map((email) => email.subject).sort()).toEqual([
        expect.stringContaining('FA-UND-FIXED'),
        expect.stringContaining('FA-UND-NEVER'),
      ]);
      expect(sent[0]?.body.text).toContain('/contact');
    });

    it('should send nothing more to the address and not tell the seller again', async () => {
      await api.advanceTo('2026-12-01T09:00:00Z');
      expect(await api.emailsTo('bounce@simulator.amazonses.com')).toHaveLength(1);
      expect(await alerts(/^Adresse e-mail à corriger/)).toHaveLength(2);
      const events = (await view('FA-UND-FIXED')).events ?? [];
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'step_skipped', step: 'first_reminder', reason: 'undeliverable' }),
      );
    });

    it('should refuse a bad address with problem+json and change nothing', async () => {
      const refused = await api.post(`/invoices/${ids.get('FA-UND-FIXED')}/contact`, {
        email: 'not-an-email',
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await view('FA-UND-FIXED')).flags).toContain('undeliverable');
    });

    it('should resume on a fixed address without a burst', async () => {
      const path = `/invoices/${ids.get('FA-UND-FIXED')}/contact`;
      const headers = { 'Idempotency-Key': 'fix-FA-UND-FIXED' };
      const fixed = await api.post(path, { email: 'marie@fixed.example' }, { headers });
      expect(fixed.status, fixed.text).toBe(200);
      expect(fixed.json<View>().flags).not.toContain('undeliverable');
      expect(fixed.json<View>().customer.email).toBe('marie@fixed.example');
      const replayed = await api.post(path, { email: 'marie@fixed.example' }, { headers });
      expect(replayed.json()).toEqual(fixed.json());
      await api.settle();
      const planned = (await view('FA-UND-FIXED')).schedule;
      // The overdue first reminder goes at the next window, the next ones keep their gaps (7, then 15 days).
      expect(planned.map((entry) => [entry.step, entry.state, entry.at.slice(0, 10)])).toEqual([
        ['courtesy_reminder', 'sent', '2026-11-12'],
        ['first_reminder', 'planned', '2026-12-02'],
        ['second_reminder', 'planned', '2026-12-09'],
        ['formal_notice', 'planned', '2026-12-24'],
        ['escalation', 'planned', '2027-01-05'],
      ]);
      await api.advanceTo('2026-12-08T09:00:00Z');
      const received = await api.emailsTo('marie@fixed.example');
      expect(received.map(sentAt)).toEqual(['2026-12-02T08:00:00.000Z']);
    });

    it('should skip the formal notice and its escalation while the address stays bad', async () => {
      await api.advanceTo('2027-01-08T09:00:00Z');
      expect(await api.emailsTo('bounce+never@simulator.amazonses.com')).toHaveLength(1);
      const never = await view('FA-UND-NEVER');
      expect(never.schedule.slice(-2).map((entry) => [entry.step, entry.state, entry.reason])).toEqual([
        ['formal_notice', 'skipped', 'undeliverable'],
        ['escalation', 'skipped', 'undeliverable'],
      ]);
      expect(await alerts(/^Adresse e-mail à corriger/)).toHaveLength(2);
      // The fixed one went all the way: first, second reminder and the notice to the new address.
      expect(await api.emailsTo('marie@fixed.example')).toHaveLength(3);
    });

    it('should answer 409 once the invoice is cancelled', async () => {
      const id = ids.get('FA-UND-NEVER');
      expect((await api.post(`/invoices/${id}/cancel`, { reason: 'written_off' })).status).toBe(200);
      const refused = await api.post(`/invoices/${id}/contact`, { email: 'x@never.example' });
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('insolvency, weeks later', () => {
    it('should still be paused, nothing sent to the customer', async () => {
      const insolvent = await view('FA-INSOLVENT');
      expect(insolvent.status).toBe('paused');
      expect(await api.emailsTo('gerant@insolvent.example')).toHaveLength(0);
      expect(await alerts(/^Procédure collective/)).toHaveLength(1);
    });
  });
});
