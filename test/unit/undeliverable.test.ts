import { describe, expect, it } from 'vitest';
import {
  bareAddress,
  CUSTOMER_STEPS,
  hitsCustomerAddress,
  undeliverableCause,
} from '../../functions/core/undeliverable';

describe('undeliverableCause', () => {
  it('should count permanent bounces, complaints and rejections', () => {
    expect(undeliverableCause('Bounce', 'Permanent')).toBe('bounce');
    expect(undeliverableCause('Complaint')).toBe('complaint');
    expect(undeliverableCause('Reject')).toBe('reject');
  });

  it('should leave transient bounces and deliveries alone', () => {
    expect(undeliverableCause('Bounce', 'Transient')).toBeUndefined();
    expect(undeliverableCause('Bounce', 'Undetermined')).toBeUndefined();
    expect(undeliverableCause('Delivery')).toBeUndefined();
  });
});

describe('hitsCustomerAddress', () => {
  it("should match the customer's own address whatever its case or display name", () => {
    expect(bareAddress('"Marie" <Marie@Boulangerie.fr>')).toBe('marie@boulangerie.fr');
    expect(hitsCustomerAddress('marie@boulangerie.fr', ['MARIE@boulangerie.fr'], 'first_reminder')).toBe(
      true,
    );
  });

  it("should ignore a bounced copy, the seller's address and an address replaced since", () => {
    expect(hitsCustomerAddress('marie@boulangerie.fr', ['compta@boulangerie.fr'], 'first_reminder')).toBe(
      false,
    );
    expect(hitsCustomerAddress('new@boulangerie.fr', ['old@boulangerie.fr'], 'formal_notice')).toBe(false);
  });

  it('should fall back on the step when the event names no recipient', () => {
    expect(hitsCustomerAddress('marie@boulangerie.fr', undefined, 'second_reminder')).toBe(true);
    expect(hitsCustomerAddress('marie@boulangerie.fr', [], 'escalation')).toBe(false);
    expect(hitsCustomerAddress('marie@boulangerie.fr', undefined, 'seller_alert_undeliverable')).toBe(false);
    expect(hitsCustomerAddress('marie@boulangerie.fr', undefined, undefined)).toBe(false);
  });

  it('should treat every message but the escalation as a customer message', () => {
    expect(CUSTOMER_STEPS).toEqual([
      'courtesy_reminder',
      'first_reminder',
      'second_reminder',
      'formal_notice',
      'installment_reminder',
      'thank_you',
    ]);
  });
});
