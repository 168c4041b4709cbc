import { describe, expect, it } from 'vitest';
import {
  contactSchema,
  genericPaymentEventSchema,
  invoiceSchema,
  pauseSchema,
  paymentSchema,
  sellerSchema,
  toFieldIssues,
} from '../../functions/core/schemas';
import { invoiceFa0012 } from '../fixtures/invoices';
import { atelierDupont } from '../fixtures/sellers';

function issuesOf(result: { success: boolean; error?: unknown }) {
  expect(result.success).toBe(false);
  // biome-ignore lint/suspicious/noExplicitAny: narrowing a zod safeParse error in a test helper.
  return toFieldIssues((result as any).error);
}

describe('sellerSchema', () => {
  it('should accept the design example and fill the defaults', () => {
    const seller = sellerSchema.parse(atelierDupont);
    expect(seller.cadence).toEqual({
      courtesyReminder: -8,
      firstReminder: 8,
      secondReminder: 15,
      formalNotice: 30,
      noticeDeadlineDays: 8,
    });
    expect(seller.sendWindow).toEqual({
      timezone: 'Europe/Paris',
      hour: 9,
      businessDaysOnly: true,
      holidays: 'FR',
      spreadMinutes: 0,
    });
    expect(seller.afterPrincipalPaid).toBe('waive');
    expect(seller.defaultLocale).toBe('fr');
  });

  it('should reject unknown fields', () => {
    expect(issuesOf(sellerSchema.safeParse({ ...atelierDupont, isAdmin: true }))[0]?.message).toMatch(
      /isAdmin/,
    );
  });

  it('should reject an IBAN with a wrong checksum', () => {
    const bank = { iban: 'FR7630006000011234567890188', bic: 'AGRIFRPP' };
    expect(issuesOf(sellerSchema.safeParse({ ...atelierDupont, bank }))).toContainEqual({
      path: 'bank.iban',
      message: 'must be a valid IBAN (checksum)',
    });
  });

  it('should reject a SIREN with a wrong Luhn digit', () => {
    const registration = { siren: '732829321' };
    expect(issuesOf(sellerSchema.safeParse({ ...atelierDupont, registration }))[0]?.path).toBe(
      'registration.siren',
    );
  });

  it('should reject a French VAT number whose key does not match the SIREN', () => {
    const registration = { siren: '732829320', vatNumber: 'FR45732829320' };
    expect(issuesOf(sellerSchema.safeParse({ ...atelierDupont, registration }))[0]?.path).toBe(
      'registration.vatNumber',
    );
  });

  it('should reject a cadence that is not strictly increasing', () => {
    const cadence = {
      courtesyReminder: -8,
      firstReminder: 15,
      secondReminder: 8,
      formalNotice: 30,
    };
    expect(issuesOf(sellerSchema.safeParse({ ...atelierDupont, cadence }))[0]).toEqual({
      path: 'cadence',
      message: 'secondReminder (8) must be after firstReminder (15)',
    });
  });

  it('should reject an unknown time zone and holiday calendar', () => {
    const sendWindow = { timezone: 'Europe/Atlantis', hour: 9, businessDaysOnly: true, holidays: 'XX' };
    const paths = issuesOf(sellerSchema.safeParse({ ...atelierDupont, sendWindow })).map((i) => i.path);
    expect(paths).toEqual(['sendWindow.timezone', 'sendWindow.holidays']);
  });

  it('should reject header injection in the sender name and e-mails', () => {
    const sender = {
      fromEmail: 'a@b.fr\r\nBcc: x@evil.example',
      fromName: 'Atelier\r\nBcc: x',
      replyTo: 'compta@atelier-dupont.fr',
    };
    const paths = issuesOf(sellerSchema.safeParse({ ...atelierDupont, sender })).map((i) => i.path);
    expect(paths).toContain('sender.fromEmail');
    expect(paths).toContain('sender.fromName');
  });
});

describe('invoiceSchema', () => {
  it('should accept the design example', () => {
    const invoice = invoiceSchema.parse(invoiceFa0012);
    expect(invoice.totalMinor).toBe(123456);
    expect(invoice.customer.cc).toEqual([]);
  });

  it('should refuse status, paidMinor and other fields a client must not set', () => {
    const result = invoiceSchema.safeParse({ ...invoiceFa0012, status: 'paid', paidMinor: 123456 });
    expect(issuesOf(result)[0]?.message).toMatch(/status/);
  });

  it('should reject dates that do not exist', () => {
    expect(issuesOf(invoiceSchema.safeParse({ ...invoiceFa0012, dueDate: '2026-02-29' }))[0]?.path).toBe(
      'dueDate',
    );
    expect(
      invoiceSchema.safeParse({ ...invoiceFa0012, issueDate: '2028-02-01', dueDate: '2028-02-29' }).success,
    ).toBe(true);
  });

  it('should reject a due date before the issue date', () => {
    expect(issuesOf(invoiceSchema.safeParse({ ...invoiceFa0012, dueDate: '2026-10-20' }))).toEqual([
      { path: 'dueDate', message: 'must not be before issueDate' },
    ]);
  });

  it('should reject floats, zero, negative and absurd amounts', () => {
    for (const totalMinor of [1234.5, 0, -1, 10 ** 13, Number.NaN]) {
      expect(invoiceSchema.safeParse({ ...invoiceFa0012, totalMinor }).success).toBe(false);
    }
  });

  it('should reject a currency that is not ISO 4217', () => {
    expect(invoiceSchema.safeParse({ ...invoiceFa0012, currency: 'EUX' }).success).toBe(false);
    expect(invoiceSchema.safeParse({ ...invoiceFa0012, currency: 'eur' }).success).toBe(false);
  });

  it('should accept only https payment links', () => {
    for (const paymentLink of [
      'http://pay.example.com/x',
      'javascript:alert(1)',
      'https://user:pw@pay.example.com/',
    ]) {
      expect(invoiceSchema.safeParse({ ...invoiceFa0012, paymentLink }).success).toBe(false);
    }
  });

  it('should accept a PDF either inline or as an S3 key, not both and not a URL', () => {
    expect(
      invoiceSchema.safeParse({ ...invoiceFa0012, pdf: { s3Key: 'invoices/atelier-dupont/FA-12.pdf' } })
        .success,
    ).toBe(true);
    expect(
      invoiceSchema.safeParse({ ...invoiceFa0012, pdf: { url: 'https://example.com/a.pdf' } }).success,
    ).toBe(false);
    expect(invoiceSchema.safeParse({ ...invoiceFa0012, pdf: { s3Key: '../etc/passwd' } }).success).toBe(
      false,
    );
  });

  it('should reject control characters and overlong strings', () => {
    expect(invoiceSchema.safeParse({ ...invoiceFa0012, number: 'FA\u0000-1' }).success).toBe(false);
    expect(invoiceSchema.safeParse({ ...invoiceFa0012, number: 'F'.repeat(65) }).success).toBe(false);
  });

  it('should cap the number of cc recipients', () => {
    const cc = Array.from({ length: 6 }, (_, i) => `cc${i}@example.com`);
    expect(
      invoiceSchema.safeParse({ ...invoiceFa0012, customer: { ...invoiceFa0012.customer, cc } }).success,
    ).toBe(false);
  });
});

describe('payment, pause and webhook schemas', () => {
  it('should require an integer positive amount and an ISO instant', () => {
    expect(
      paymentSchema.safeParse({ paymentId: 'p1', amountMinor: 100, paidAt: '2026-11-25T10:00:00Z' }).success,
    ).toBe(true);
    expect(paymentSchema.safeParse({ paymentId: 'p1', amountMinor: 1.5 }).success).toBe(false);
    expect(paymentSchema.safeParse({ paymentId: 'p1', amountMinor: 100, paidAt: 'yesterday' }).success).toBe(
      false,
    );
  });

  it('should know the pause reasons', () => {
    expect(pauseSchema.safeParse({ reason: 'promise_to_pay', until: '2026-12-15' }).success).toBe(true);
    expect(pauseSchema.safeParse({ reason: 'holiday' }).success).toBe(false);
  });

  it('should take an insolvency pause without an end, with the BODACC publication date only there', () => {
    expect(pauseSchema.safeParse({ reason: 'insolvency' }).success).toBe(true);
    expect(pauseSchema.safeParse({ reason: 'insolvency', bodaccPublishedOn: '2026-10-15' }).success).toBe(
      true,
    );
    const ended = pauseSchema.safeParse({ reason: 'insolvency', until: '2026-12-15' });
    expect(ended.success ? [] : toFieldIssues(ended.error).map((issue) => issue.path)).toEqual(['until']);
    const misplaced = pauseSchema.safeParse({ reason: 'dispute', bodaccPublishedOn: '2026-10-15' });
    expect(misplaced.success ? [] : toFieldIssues(misplaced.error).map((issue) => issue.path)).toEqual([
      'bodaccPublishedOn',
    ]);
  });

  it('should take a new customer address, strictly', () => {
    expect(contactSchema.safeParse({ email: 'factures@client.fr' }).success).toBe(true);
    expect(
      contactSchema.safeParse({ email: 'factures@client.fr', cc: ['a@client.fr'], name: 'Marie Martin' })
        .success,
    ).toBe(true);
    expect(contactSchema.safeParse({ email: 'not an address' }).success).toBe(false);
    expect(contactSchema.safeParse({ email: 'factures@client.fr', type: 'consumer' }).success).toBe(false);
    expect(contactSchema.safeParse({}).success).toBe(false);
  });

  it('should validate the generic payment event', () => {
    const event = {
      eventId: 'evt_1',
      type: 'payment.succeeded',
      invoiceId: 'inv_x',
      paymentId: 'pay_1',
      amountMinor: 123456,
      currency: 'EUR',
      paidAt: '2026-11-25T10:00:00Z',
    };
    expect(genericPaymentEventSchema.safeParse(event).success).toBe(true);
    expect(genericPaymentEventSchema.safeParse({ ...event, type: 'payment.failed' }).success).toBe(false);
  });
});
