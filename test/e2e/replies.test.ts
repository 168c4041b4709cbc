import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReplyToken } from '../../functions/core/reply-token';
import type { InvoiceInput } from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';
import { type Harness, type HttpResult, type StoredEmail, sentAt, startHarness } from './harness';

/**
 * Customer replies end to end: the link is taken from the reminder in the SES emulator's mailbox, the
 * page and the answers go through the local API Gateway to the replies function, and the effects are
 * read back from the invoice view and the mailbox. Invoices are due Friday 2026-11-20; the courtesy
 * reminders go out Thursday 2026-11-12 at 09:00 Paris.
 */

const SELLER_CONTACT = 'compta@atelier-dupont.fr';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const LINK = /(http:\/\/[^\s"<>]+\/r\/([A-Za-z0-9_-]{59}))/;

function invoice(number: string, email: string, locale: 'fr' | 'en' = 'fr'): InvoiceInput {
  return {
    ...invoiceFa0012,
    number,
    customer: { ...invoiceFa0012.customer, id: `C-${number}`, email, locale },
  };
}

const CUSTOMERS = {
  paid: invoice('FA-R-001', 'paid@example.fr'),
  promise: invoice('FA-R-002', 'promise@example.fr'),
  dispute: invoice('FA-R-003', 'dispute@example.fr'),
  plan: invoice('FA-R-004', 'plan@example.fr'),
  question: invoice('FA-R-005', 'question@example.com', 'en'),
  settled: invoice('FA-R-006', 'settled@example.fr'),
} as const;
type Who = keyof typeof CUSTOMERS;

interface View {
  status: string;
  pause?: { reason: string; until?: string };
  events: { type: string; action?: string; [field: string]: unknown }[];
  schedule: { step: string; at: string; state: string }[];
}

describe('customer replies through the reply link', () => {
  let harness: Harness;
  const ids = new Map<Who, string>();
  const links = new Map<Who, string>();

  const view = async (who: Who) => (await harness.get(`/invoices/${ids.get(who)}`)).json<View>();
  const post = (url: string, form: Record<string, string> | string): Promise<HttpResult> =>
    harness.request('POST', url, {
      apiKey: null,
      headers: FORM,
      body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
    });
  const sellerEmails = async (number: string): Promise<StoredEmail[]> =>
    (await harness.emailsTo(SELLER_CONTACT)).filter((email) => email.subject.includes(number));

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
    expect((await harness.put('/sellers/atelier-dupont', atelierDupont)).status).toBe(201);
    for (const [who, body] of Object.entries(CUSTOMERS) as [Who, InvoiceInput][]) {
      const created = await harness.post('/invoices', body);
      expect(created.status).toBe(201);
      ids.set(who, created.json<{ invoiceId: string }>().invoiceId);
    }
    await harness.advanceTo('2026-11-12T12:00:00Z');
    for (const [who, body] of Object.entries(CUSTOMERS) as [Who, InvoiceInput][]) {
      const [reminder] = await harness.emailsTo(body.customer.email);
      const link = LINK.exec(reminder?.body.text ?? '')?.[1];
      expect(link, who).toBeDefined();
      // The HTML part carries the same link.
      expect(reminder?.body.html).toContain(`href="${link}"`);
      links.set(who, link as string);
    }
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should open the page from the mailbox link without changing the invoice', async () => {
    const before = await harness.get(`/invoices/${ids.get('paid')}`);
    const page = await harness.get(links.get('paid') as string, { apiKey: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('FA-R-001');
    expect(page.text).toMatch(/1.234,56/);
    for (const action of ['paid', 'promise', 'dispute', 'plan', 'question']) {
      expect(page.text).toContain(`<input type="hidden" name="action" value="${action}">`);
    }
    expect(page.text).not.toContain('<script');
    const after = await harness.get(`/invoices/${ids.get('paid')}`);
    expect(after.text).toBe(before.text);
  });

  it('should record a declared payment: event, pause for 5 business days, seller told, once', async () => {
    const answered = await post(links.get('paid') as string, {
      action: 'paid',
      paidOn: '2026-11-10',
      reference: 'VIR 2026-11-10 <Martin>',
    });
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('19/11/2026');
    const invoice = await view('paid');
    expect(invoice.status).toBe('paused');
    // Thursday 12 → Fri 13, Mon 16, Tue 17, Wed 18, Thu 19.
    expect(invoice.pause).toMatchObject({ reason: 'payment_declared', until: '2026-11-19' });
    expect(invoice.events.find((event) => event.type === 'customer_declared_payment')).toMatchObject({
      step: 'courtesy_reminder',
      paidOn: '2026-11-10',
      reference: 'VIR 2026-11-10 <Martin>',
    });
    expect(invoice.events.filter((event) => event.type === 'customer_replied')).toEqual([
      expect.objectContaining({ action: 'paid', step: 'courtesy_reminder' }),
    ]);
    const [notice, ...others] = await sellerEmails('FA-R-001');
    expect(others).toEqual([]);
    expect(notice?.subject).toContain('paiement déclaré');
    expect(notice?.replyTo).toEqual(['paid@example.fr']);
    expect(notice?.body.html).toContain('VIR 2026-11-10 &lt;Martin&gt;');

    const again = await post(links.get('paid') as string, { action: 'paid' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('Vous avez déjà envoyé cette réponse le 12/11/2026');
    // The execution side may append its own events meanwhile: the answer itself must not be recorded twice.
    const answerEvents = (events: readonly { type: string }[]) =>
      events.filter(
        (event) => event.type === 'customer_replied' || event.type === 'customer_declared_payment',
      );
    const after = await view('paid');
    expect(answerEvents(after.events)).toHaveLength(answerEvents(invoice.events).length);
    expect(after.pause).toEqual(invoice.pause);
    expect(await sellerEmails('FA-R-001')).toHaveLength(1);
  });

  it('should pause a dispute with no end and pass the message on, escaped', async () => {
    const answered = await post(links.get('dispute') as string, {
      action: 'dispute',
      reason: 'not_received',
      message: 'Jamais reçu.\n<script>alert(1)</script>',
    });
    expect(answered.status).toBe(200);
    const invoice = await view('dispute');
    expect(invoice.status).toBe('paused');
    expect(invoice.pause?.reason).toBe('dispute');
    expect(invoice.pause?.until).toBeUndefined();
    expect(invoice.events.find((event) => event.type === 'customer_replied')).toMatchObject({
      action: 'dispute',
      reason: 'not_received',
    });
    const [notice] = await sellerEmails('FA-R-003');
    expect(notice?.subject).toContain('contestation');
    expect(notice?.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notice?.body.html).not.toContain('<script>');
    expect(notice?.body.text).toContain('Jamais reçu.');
    const again = await post(links.get('dispute') as string, { action: 'dispute', reason: 'other' });
    expect(again.text).toContain('déjà envoyé');
    // The execution side may append its own events meanwhile: the answer itself must not be recorded twice.
    const replies = (events: readonly { type: string }[]) =>
      events.filter((event) => event.type === 'customer_replied');
    const after = await view('dispute');
    expect(replies(after.events)).toHaveLength(replies(invoice.events).length);
    expect(after.pause).toEqual(invoice.pause);
  });

  it('should pause for a payment plan request and tell the seller', async () => {
    expect((await post(links.get('plan') as string, { action: 'plan', installments: '3' })).status).toBe(200);
    const invoice = await view('plan');
    expect(invoice.pause).toMatchObject({ reason: 'payment_plan' });
    const [notice] = await sellerEmails('FA-R-004');
    expect(notice?.subject).toContain('demande d’échéancier');
    expect(notice?.body.text).toContain('3 versements');
  });

  it('should pass a question on (English page) without pausing', async () => {
    const page = await harness.get(links.get('question') as string, { apiKey: null });
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('I have a question');
    const answered = await post(links.get('question') as string, {
      action: 'question',
      message: 'Can I pay by card?',
    });
    expect(answered.status).toBe(200);
    expect(answered.text).toContain('Your question has been passed on');
    const invoice = await view('question');
    expect(invoice.status).toBe('scheduled');
    expect(invoice.events.find((event) => event.type === 'customer_replied')).toMatchObject({
      action: 'question',
      message: 'Can I pay by card?',
    });
    const [notice] = await sellerEmails('FA-R-005');
    expect(notice?.replyTo).toEqual(['question@example.com']);
    expect(notice?.body.text).toContain('Can I pay by card?');
  });

  it('should refuse a refused form with a 400 page and write nothing', async () => {
    const before = (await view('question')).events.length;
    const refused = await post(links.get('question') as string, {
      action: 'promise',
      promisedOn: '2027-06-01',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('aria-invalid="true"');
    expect((await view('question')).events).toHaveLength(before);
  });

  it('should answer 4xx pages for a tampered or an expired token, writing nothing', async () => {
    const link = links.get('settled') as string;
    const token = LINK.exec(link)?.[2] as string;
    const index = 20;
    const changed = `${token.slice(0, index)}${token[index] === 'A' ? 'B' : 'A'}${token.slice(index + 1)}`;
    const tampered = link.replace(token, changed);
    const before = await harness.get(`/invoices/${ids.get('settled')}`);
    const get = await harness.get(tampered, { apiKey: null });
    expect(get.status).toBe(404);
    expect(get.text).toContain('Lien non valide');
    expect((await post(tampered, { action: 'question', message: 'hi' })).status).toBe(404);

    const expired = signReplyToken(
      {
        invoiceId: ids.get('settled') as string,
        step: 'courtesy_reminder',
        sentAt: new Date('2026-09-01T08:00:00Z'),
      },
      [harness.service.replySecret],
    );
    const old = link.replace(token, expired);
    expect((await harness.get(old, { apiKey: null })).status).toBe(410);
    const posted = await post(old, { action: 'question', message: 'hi' });
    expect(posted.status).toBe(410);
    expect(posted.text).toContain('Lien expiré');
    expect((await harness.get(`/invoices/${ids.get('settled')}`)).text).toBe(before.text);
  });

  it('should show a paid invoice as paid and change nothing', async () => {
    const paid = await harness.post(`/invoices/${ids.get('settled')}/payments`, {
      paymentId: 'PAY-R-006',
      amountMinor: CUSTOMERS.settled.totalMinor,
    });
    expect(paid.status).toBe(201);
    await harness.settle();
    const page = await harness.get(links.get('settled') as string, { apiKey: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Cette facture est réglée');
    expect(page.text).not.toContain('<form');
    const before = (await view('settled')).events.length;
    const posted = await post(links.get('settled') as string, { action: 'dispute', reason: 'other' });
    expect(posted.status).toBe(409);
    expect((await view('settled')).events).toHaveLength(before);
  });

  it('should resume a promise after the promised date, one reminder at a time', async () => {
    const answered = await post(links.get('promise') as string, {
      action: 'promise',
      promisedOn: '2026-12-09',
    });
    expect(answered.status).toBe(200);
    expect((await view('promise')).pause).toMatchObject({ reason: 'promise_to_pay', until: '2026-12-10' });
    const customer = CUSTOMERS.promise.customer.email;
    // The first (30/11) and second (07/12) reminders fall inside the pause: nothing goes out.
    await harness.advanceTo('2026-12-09T20:00:00Z');
    expect(await harness.emailsTo(customer)).toHaveLength(1);
    await harness.advanceTo('2026-12-11T12:00:00Z');
    const emails = await harness.emailsTo(customer);
    // The next pending step at the first send window after the pause, and only that one.
    expect(emails.map(sentAt)).toEqual(['2026-11-12T08:00:00.000Z', '2026-12-10T08:00:00.000Z']);
    expect(emails[1]?.subject).toContain('FA-R-002');
    const invoice = await view('promise');
    expect(invoice.status).toBe('in_progress');
    const second = invoice.schedule.find((step) => step.step === 'second_reminder');
    expect(second).toMatchObject({ state: 'planned', at: '2026-12-17T08:00:00.000Z' });
  });
});
