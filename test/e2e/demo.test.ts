import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../lib/local/demo';
import type { DemoOutput } from '../../lib/local/demo-output';
import { type Harness, startHarness } from './harness';

/** The demo of `npm start`, played with the manual clock: every scenario ends where its name says. */
describe('local demo', () => {
  let harness: Harness;
  const lines: string[] = [];
  const output: DemoOutput = { line: (text) => lines.push(text), status: () => undefined };

  beforeAll(async () => {
    harness = await startHarness({ now: '2026-11-02T10:00:00Z' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('should seed every path, print a timeline and end with the summary table', async () => {
    const demo = await runDemo(harness.service, output);
    await harness.advanceTo('2027-01-31T00:00:00Z');
    await demo.finished;
    demo.stop();

    const summary = lines.slice(lines.findIndex((line) => line.trim() === 'Summary'));
    const statusOf = (number: string) => summary.find((line) => line.includes(number))?.split(/\s{2,}/)[3];
    expect(statusOf('FA-DEMO-0001')).toBe('paid');
    expect(statusOf('FA-DEMO-0002')).toBe('paid');
    expect(statusOf('FA-DEMO-0003')).toBe('paid');
    expect(statusOf('FA-DEMO-0004')).toBe('escalated');
    expect(statusOf('FA-DEMO-0005')).toBe('escalated');
    expect(statusOf('FA-DEMO-0006')).toBe('paid');
    expect(statusOf('FA-DEMO-0007')).toMatch(/^cancelled, undeliverable/);
    expect(lines.some((line) => line.includes('received by signed webhook (200)'))).toBe(true);
    expect(
      lines.some((line) => /FA-DEMO-0005 .*registered from its Factur-X PDF \(EN 16931\)/.test(line)),
    ).toBe(true);
    expect(lines.some((line) => line.includes('↩ SES bounce for bounce@simulator.amazonses.com'))).toBe(true);
    // The bounce stops the customer's emails and alerts the seller once.
    expect(
      lines.filter((line) => /FA-DEMO-0007 .*⚑ alert to the seller \(undeliverable\)/.test(line)),
    ).toHaveLength(1);
    // One customer, three invoices: one email a day for all three, then a plan paid installment by installment.
    expect(statusOf('FA-DEMO-0008')).toBe('paid');
    expect(statusOf('FA-DEMO-0009')).toBe('paid');
    expect(statusOf('FA-DEMO-0010')).toBe('escalated');
    expect(
      lines.filter((line) =>
        /✉ courtesy reminder → nina@bistrot-lefevre\.fr \(one email for 3 invoices/.test(line),
      ),
    ).toHaveLength(1);
    expect(
      lines.filter((line) => /✉ courtesy reminder, in the customer's one email/.test(line)),
    ).toHaveLength(2);
    expect(
      lines.some((line) => /FA-DEMO-0008 .*payment plan agreed: 3 installments .*\(201\)/.test(line)),
    ).toBe(true);
    expect(lines.filter((line) => /FA-DEMO-0008 .*✉ installment reminder/.test(line))).toHaveLength(3);
    expect(lines.filter((line) => line.includes('✉ thank-you'))).toHaveLength(6);
    // It ends with the finance summary and the local finance dashboard.
    expect(lines.some((line) => /amicable rate \d/.test(line))).toBe(true);
    expect(
      lines.some((line) =>
        line.includes(`Finance dashboard  ${harness.apiUrl}/_local/dashboards/Relance-dev-finance`),
      ),
    ).toBe(true);
  });
});
