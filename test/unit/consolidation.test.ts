import { describe, expect, it } from 'vitest';
import { consolidatedWording, invoiceLine, tableLabels } from '../../functions/core/consolidated-wording';
import {
  attachmentNames,
  firmestStep,
  joiningInvoices,
  nextContactDay,
  type SiblingCandidate,
  takesContactDay,
} from '../../functions/core/consolidation';
import { MESSAGE_STEPS } from '../../functions/core/steps';

const WINDOW = {
  timezone: 'Europe/Paris',
  hour: 9,
  businessDaysOnly: true,
  holidays: 'FR',
  spreadMinutes: 60,
} as const;
const LEAD = { invoiceId: 'inv_A', customerEmail: 'Marie@Example.fr', currency: 'EUR' };
const TODAY = '2026-11-12';

function candidate(overrides: Partial<SiblingCandidate> = {}): SiblingCandidate {
  return {
    invoiceId: 'inv_B',
    status: 'scheduled',
    balanceMinor: 1000,
    currency: 'EUR',
    customerEmail: 'marie@example.fr',
    undeliverable: false,
    schedule: [
      { step: 'courtesy_reminder', at: '2026-11-12T08:29:00.000Z', state: 'planned' },
      { step: 'first_reminder', at: '2026-11-30T08:29:00.000Z', state: 'planned' },
    ],
    claimed: [],
    ...overrides,
  };
}

describe('joiningInvoices', () => {
  it('should take the open invoices of the customer whose reminder is planned the same local day, sorted by id', () => {
    const joining = joiningInvoices(
      LEAD,
      [
        candidate({ invoiceId: 'inv_C' }),
        candidate({
          invoiceId: 'inv_B',
          status: 'in_progress',
          schedule: [{ step: 'second_reminder', at: '2026-11-12T08:29:00.000Z', state: 'planned' }],
        }),
      ],
      TODAY,
      WINDOW,
    );
    expect(joining).toEqual([
      { invoiceId: 'inv_B', step: 'second_reminder' },
      { invoiceId: 'inv_C', step: 'courtesy_reminder' },
    ]);
  });

  it('should compare local days: 23:30 UTC the day before is already today in Paris', () => {
    const late = candidate({
      schedule: [{ step: 'first_reminder', at: '2026-11-11T23:30:00.000Z', state: 'planned' }],
    });
    expect(joiningInvoices(LEAD, [late], TODAY, WINDOW)).toHaveLength(1);
  });

  it('should leave out paid, paused, cancelled, planned and settled invoices, other addresses and currencies', () => {
    const out = [
      candidate({ status: 'paid' }),
      candidate({ status: 'paused' }),
      candidate({ status: 'cancelled' }),
      candidate({ status: 'payment_plan' }),
      candidate({ balanceMinor: 0 }),
      candidate({ undeliverable: true }),
      candidate({ customerEmail: 'someone-else@example.fr' }),
      candidate({ currency: 'USD' }),
      candidate({ invoiceId: 'inv_A' }),
    ];
    expect(joiningInvoices(LEAD, out, TODAY, WINDOW)).toEqual([]);
  });

  it('should never take a formal notice, a step already claimed, a skipped step or another day', () => {
    const out = [
      candidate({ schedule: [{ step: 'formal_notice', at: '2026-11-12T08:29:00.000Z', state: 'planned' }] }),
      candidate({ claimed: ['courtesy_reminder'] }),
      candidate({
        schedule: [{ step: 'courtesy_reminder', at: '2026-11-12T08:29:00.000Z', state: 'skipped' }],
      }),
      candidate({
        schedule: [{ step: 'courtesy_reminder', at: '2026-11-13T08:29:00.000Z', state: 'planned' }],
      }),
    ];
    expect(joiningInvoices(LEAD, out, TODAY, WINDOW)).toEqual([]);
  });
});

describe('firmestStep', () => {
  it('should pick the second reminder over the first over the courtesy reminder', () => {
    expect(firmestStep(['courtesy_reminder'])).toBe('courtesy_reminder');
    expect(firmestStep(['courtesy_reminder', 'first_reminder'])).toBe('first_reminder');
    expect(firmestStep(['second_reminder', 'courtesy_reminder', 'first_reminder'])).toBe('second_reminder');
  });
});

describe('takesContactDay', () => {
  it('should count reminders, installment reminders and formal notices, not the thank-you or the escalation', () => {
    expect(MESSAGE_STEPS.filter(takesContactDay).sort()).toEqual(
      [
        'courtesy_reminder',
        'first_reminder',
        'second_reminder',
        'formal_notice',
        'installment_reminder',
      ].sort(),
    );
  });
});

describe('nextContactDay', () => {
  it('should move to the customer minute of the next business day, over weekends and holidays', () => {
    const slot = { ...WINDOW, minute: 29 };
    // Thursday 12 → Friday 13, 09:29 Paris.
    expect(nextContactDay('2026-11-12', slot).toISOString()).toBe('2026-11-13T08:29:00.000Z');
    // Friday 13 → Monday 16.
    expect(nextContactDay('2026-11-13', slot).toISOString()).toBe('2026-11-16T08:29:00.000Z');
    // Tuesday 10 → Thursday 12 (Wednesday 11 November is a public holiday).
    expect(nextContactDay('2026-11-10', slot).toISOString()).toBe('2026-11-12T08:29:00.000Z');
  });
});

describe('attachmentNames', () => {
  it('should name each PDF after its invoice, safely, and never let two names collide', () => {
    expect(attachmentNames(['FA-1', 'FA-2', 'FA-3'])).toEqual(['FA-1.pdf', 'FA-2.pdf', 'FA-3.pdf']);
    expect(attachmentNames(['FA/1', 'FA 1', 'fa_1'])).toEqual(['FA_1.pdf', 'FA_1-2.pdf', 'fa_1-3.pdf']);
  });
});

describe('consolidatedWording', () => {
  const values = {
    tone: 'standard',
    customerName: 'Marie Martin',
    sellerName: 'Atelier Dupont',
    count: 3,
    total: '600,00 €',
    anyLate: true,
    penaltiesApply: true,
  } as const;

  it('should name the number of invoices and the total in every subject, in both locales and every step', () => {
    for (const step of ['courtesy_reminder', 'first_reminder', 'second_reminder'] as const) {
      const fr = consolidatedWording('fr', { ...values, step });
      const en = consolidatedWording('en', { ...values, step, total: '€600.00' });
      expect(fr.subject).toContain('3 factures');
      expect(fr.subject).toContain('600,00 €');
      expect(en.subject).toContain('3 invoices');
      expect(en.subject).toContain('€600.00');
      expect(fr.greeting).toBe('Bonjour Marie Martin,');
      expect(en.greeting).toBe('Dear Marie Martin,');
    }
  });

  it('should word each tone differently', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const step of ['courtesy_reminder', 'first_reminder', 'second_reminder'] as const) {
        const intros = (['good', 'standard', 'bad'] as const).map((tone) =>
          consolidatedWording(locale, { ...values, step, tone }).intro.join(' '),
        );
        expect(new Set(intros).size).toBe(3);
      }
    }
  });

  it('should mention penalties only in a second reminder to a business customer with a late invoice', () => {
    const second = { ...values, step: 'second_reminder' } as const;
    expect(consolidatedWording('fr', second).intro.join(' ')).toContain('L441-10');
    expect(consolidatedWording('fr', { ...second, penaltiesApply: false }).intro.join(' ')).not.toContain(
      'L441-10',
    );
    expect(consolidatedWording('en', { ...second, anyLate: false }).intro.join(' ')).not.toContain('L441-10');
    expect(consolidatedWording('fr', { ...values, step: 'first_reminder' }).intro.join(' ')).not.toContain(
      'L441-10',
    );
  });

  it('should list each invoice with its due date, amount and lateness', () => {
    expect(
      invoiceLine('fr', { number: 'FA-1', dueDate: '20/11/2026', amountDue: '100,00 €', daysLate: 3 }),
    ).toEqual({ label: 'Facture n°FA-1 (échéance 20/11/2026)', value: '100,00 € – 3 jours de retard' });
    expect(
      invoiceLine('en', { number: 'FA-1', dueDate: '20 November 2026', amountDue: '€100.00', daysLate: 0 }),
    ).toEqual({ label: 'Invoice FA-1 (due 20 November 2026)', value: '€100.00 – not yet due' });
    expect(invoiceLine('en', { number: 'FA-1', dueDate: 'x', amountDue: 'y', daysLate: 1 }).value).toBe(
      'y – 1 day late',
    );
    expect(tableLabels('fr').total).toBe('Total restant dû');
  });
});
