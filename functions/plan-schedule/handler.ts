import * as z from 'zod';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { planScheduleFor } from '../shared/planning';
import { Store } from '../shared/store';
import { parseTaskInput } from '../shared/task-input';
import { planNextInstallmentStep } from '../shared/use-cases/payment-plan';

const config = loadConfig({ TABLE_NAME: z.string().min(1) });
const store = new Store(config.TABLE_NAME);

const inputSchema = z.object({
  invoiceId: z.string().min(1),
  mode: z.enum(['start', 'resume', 'plan_broken', 'payment_plan']),
});

/**
 * `Plan schedule`: plans the invoice's cadence, stores it, and hands the state machine its wait times.
 * `Plan next installment step` (mode `payment_plan`): the payment plan's next move.
 */
export const handler = async (payload: unknown) => {
  const input = parseTaskInput(inputSchema, payload);
  if (input.mode === 'payment_plan') {
    const next = await planNextInstallmentStep(store, input.invoiceId, now());
    logger.info('Payment plan step planned', { invoiceId: input.invoiceId, action: next.action });
    return next;
  }
  const steps = await planScheduleFor(store, input.invoiceId, input.mode, now());
  logger.info('Schedule planned', { invoiceId: input.invoiceId, mode: input.mode });
  return { steps: Object.fromEntries(steps.map((s) => [s.step, { at: s.at, state: s.state }])) };
};
