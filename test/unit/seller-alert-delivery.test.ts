import { describe, expect, it } from 'vitest';
import { alertInsolvency } from '../../functions/shared/seller-alerts';
import { FakeMailer } from '../fixtures/fake-send';
import { FakeStore } from '../fixtures/fake-store';
import { INVOICE_ID, NOW, unpaidInvoice } from '../fixtures/use-cases';

function ports() {
  const store = new FakeStore();
  store.put({ ...unpaidInvoice, pause: { reason: 'insolvency', at: NOW.toISOString() } });
  const mailer = new FakeMailer();
  const seller = store.sellers.get('atelier-dupont')?.profile;
  if (!seller) throw new Error('no seller fixture');
  return { store, mailer, seller, deps: { store, mailer, now: () => NOW } };
}

describe('seller alert delivery (through the mailer port)', () => {
  it("should mail the seller's contact once and record the message id", async () => {
    const { store, mailer, seller, deps } = ports();
    expect(await alertInsolvency(deps, unpaidInvoice, seller)).toBe('sent');
    expect(await alertInsolvency(deps, unpaidInvoice, seller)).toBe('already_sent');
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.to).toEqual([seller.contact.email]);
    expect(mailer.sent[0]?.step).toBe('seller_alert_insolvency');
    expect(store.sellerAlerts.get(`${INVOICE_ID}#insolvency`)).toEqual({ state: 'sent', messageId: 'msg-1' });
    expect(store.events.map((event) => event.type)).toEqual(['seller_alerted']);
  });

  it('should give the claim back and record the failure when the mailer refuses, so a later try may send', async () => {
    const { store, mailer, seller, deps } = ports();
    mailer.fail = new Error('MessageRejected');
    expect(await alertInsolvency(deps, unpaidInvoice, seller)).toBe('failed');
    expect(store.sellerAlerts.size).toBe(0);
    expect(store.events.map((event) => event.type)).toEqual(['seller_alert_failed']);
    mailer.fail = undefined;
    expect(await alertInsolvency(deps, unpaidInvoice, seller)).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
  });
});
