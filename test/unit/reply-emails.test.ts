import { describe, expect, it } from 'vitest';
import { MESSAGE_STEPS } from '../../functions/core/steps';
import { renderCustomerReply } from '../../functions/replies/notification';
import { renderMessage } from '../../functions/send-message/render';
import { businessCustomer, invoiceSummary, messageContext, seller } from '../fixtures/messages';

const URL = 'https://api.example.com/v1/r/AQBrRIwAVDVfbnNPTGZ6bDZtcEd5MEtPcGxJRfkio_czbzOokyLp_1J8oxs';
const REMINDERS = ['courtesy_reminder', 'first_reminder', 'second_reminder', 'formal_notice'] as const;

describe('reply link in reminders', () => {
  it.each(REMINDERS)('should put the reply link in the HTML and text parts of the %s, fr and en', (step) => {
    for (const locale of ['fr', 'en'] as const) {
      const message = renderMessage({ ...messageContext(step, { locale }), replyUrl: URL });
      expect(message.html).toContain(`href="${URL}"`);
      const label = locale === 'fr' ? 'Répondre à ce message' : 'Reply to this message';
      expect(message.text).toContain(`${label}${locale === 'fr' ? ' : ' : ': '}${URL}`);
    }
  });

  it('should leave the link out of the thank-you and the escalation, and when no URL is given', () => {
    for (const step of MESSAGE_STEPS) {
      const message = renderMessage(messageContext(step));
      expect(message.text, step).not.toContain('/r/');
    }
    for (const step of ['thank_you', 'escalation'] as const) {
      expect(renderMessage({ ...messageContext(step), replyUrl: URL }).html, step).not.toContain(URL);
    }
  });

  it('should refuse a link that is neither https nor the local loopback API', () => {
    for (const replyUrl of [
      'javascript:alert(1)',
      'http://evil.example/r/x',
      'https://user:pw@x.example/r/',
    ]) {
      expect(renderMessage({ ...messageContext('first_reminder'), replyUrl }).html).not.toContain('alert(1)');
      expect(renderMessage({ ...messageContext('first_reminder'), replyUrl }).text).not.toContain(replyUrl);
    }
    const local = 'http://127.0.0.1:3000/r/token';
    expect(renderMessage({ ...messageContext('first_reminder'), replyUrl: local }).text).toContain(local);
  });
});

describe('customer reply notification', () => {
  const invoice = invoiceSummary;

  it('should tell the seller about a dispute with the message, escaped, in the seller language', () => {
    const message = renderCustomerReply({
      seller,
      customer: businessCustomer,
      invoice,
      step: 'first_reminder',
      reply: {
        action: 'dispute',
        reason: 'defective',
        message: 'Livré cassé.\n<img src=x onerror=alert(1)>',
      },
      today: '2026-11-30',
      pausedUntil: null,
    });
    expect(message.subject).toBe(
      'Réponse de Marie Martin (Boulangerie Martin SARL) – facture n°FA-2026-0012 : contestation',
    );
    expect(message.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(message.html).not.toContain('<img src=x');
    expect(message.text).toContain('Livré cassé.');
    expect(message.text).toContain('La livraison ou la prestation est défectueuse');
    expect(message.text).toContain('Première relance');
    expect(message.text).toContain('répondez simplement à cet e-mail');
  });

  it('should give the end of the pause of a declared payment', () => {
    const message = renderCustomerReply({
      seller: { ...seller, defaultLocale: 'en' },
      customer: businessCustomer,
      invoice,
      step: 'courtesy_reminder',
      reply: { action: 'paid', paidOn: '2026-11-10', reference: 'VIR-42' },
      today: '2026-11-12',
      pausedUntil: '2026-11-19',
    });
    expect(message.subject).toContain('payment declared');
    expect(message.text).toContain('Reminders are paused until 19 November 2026');
    expect(message.text).toContain('VIR-42');
  });
});
