import * as z from 'zod';
import { MAX_INSTALLMENTS, MIN_INSTALLMENTS, type PaymentPlanInput } from './payment-plan';

/**
 * The body of `POST /invoices/{invoiceId}/payment-plan`. Kept apart from the plan rules so that the
 * workflow functions, which read plans but never parse one, do not bundle zod.
 */
export const installmentSchema = z.strictObject({
  dueDate: z.iso.date(),
  amountMinor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const paymentPlanInputSchema = z.strictObject({
  installments: z.array(installmentSchema).min(MIN_INSTALLMENTS).max(MAX_INSTALLMENTS),
  note: z.string().trim().min(1).max(500).optional(),
}) satisfies z.ZodType<PaymentPlanInput>;
