import { describe, expect, it } from 'vitest';
import { renderConsolidated } from '../../functions/send-message/render';
import { messageContext } from '../fixtures/messages';

const INVOICES = [
  { number: 'FA-2026-0012', dueDate: '2026-11-20', balanceMinor: 123456, daysLate: 10 },
  { number: 'FA-<b>13</b>', dueDate: '2026-11-20', balanceMinor: 10000, daysLate: 10 },
  { number: 'FA-2026-0014', dueDate: '2026-12-05', balanceMinor: 5000, daysLate: 0 },
];

describe('renderConsolidated', () => {
  it('should list every invoice with the total in the HTML and the text part, escaped', async () => {
    const context = { ...messageContext('first_reminder'), step: 'first_reminder' as const };
    const message = await renderConsolidated(context, INVOICES);
    // Amounts are formatted with narrow no-break spaces.
    expect(message.subject).toMatch(/^Relance : 3 factures impayées – montant total 1\s384,56\s€$/u);
    for (const part of [message.text, message.html]) {
      expect(part).toContain('FA-2026-0012');
      expect(part).toContain('FA-2026-0014');
      expect(part).toMatch(/1\s384,56\s€/u);
    }
    expect(message.html).not.toContain('<b>13</b>');
    expect(message.html).toContain('FA-&lt;b&gt;13&lt;/b&gt;');
    expect(message.text).toContain('non échue');
  });

  it('should drop the single invoice payment link and give every number as the transfer reference', async () => {
    const context = {
      ...messageContext('second_reminder', { locale: 'en' }),
      step: 'second_reminder' as const,
    };
    const message = await renderConsolidated(context, INVOICES.slice(0, 1).concat(INVOICES.slice(2)));
    expect(message.subject).toBe('Second reminder: 2 invoices unpaid – €1,284.56 in total');
    expect(message.text).not.toContain('https://pay.example.com/i/FA-2026-0012');
    expect(message.text).toContain('FA-2026-0012, FA-2026-0014');
  });
});
