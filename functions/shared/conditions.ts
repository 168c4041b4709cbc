import type { InvoiceStatus } from '../core/lifecycle';

/**
 * Named pieces of the invoice item's DynamoDB conditions, so a lifecycle rule is written once.
 * Each status is bound to the placeholder `:<status>`; the attribute is `#status`.
 */
export function statusNotIn(statuses: readonly InvoiceStatus[]): string {
  return `NOT (#status IN (${statuses.map((status) => `:${status}`).join(', ')}))`;
}

/** The values `statusNotIn` refers to. */
export function statusValues(statuses: readonly InvoiceStatus[]): Record<string, InvoiceStatus> {
  return Object.fromEntries(statuses.map((status) => [`:${status}`, status]));
}
