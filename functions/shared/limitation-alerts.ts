import { limitationAlertDay } from '../core/limitation';
import type { Store } from './store';

/*
 * The limitation alerts' plan in the table: one item per invoice under the day its alert is due
 * (`keys.limitationAlert`), written at registration. The daily job reads the
 * partitions of the last days by Query, so its cost follows the alerts due, not the invoices kept
 * (five years of them). docs/evidence.md explains why this is not a wait in the workflow.
 */
/** Plans the alert of a newly registered invoice (idempotent); nothing once its limitation date is past. */
export async function planLimitationAlert(
  store: Pick<Store, 'planLimitationAlert'>,
  invoice: { invoiceId: string; dueDate: string; customer: { type: 'business' | 'consumer' } },
  today: string,
): Promise<void> {
  const day = limitationAlertDay(invoice.customer.type, invoice.dueDate, today);
  if (day) await store.planLimitationAlert(day, invoice.invoiceId);
}
