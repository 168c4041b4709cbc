import type { InvoiceStatus } from '../core/lifecycle';

/**
 * A piece of a DynamoDB condition with the names and values it refers to. The store composes its
 * conditional writes from these named pieces (`and`), so each rule is written once. Statuses are bound to
 * the placeholder `:<status>` and the attribute to `#status`, so pieces on the same status agree.
 */
export interface Condition {
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, unknown>>;
}

const STATUS = { '#status': 'status' } as const;

function bound(statuses: readonly InvoiceStatus[]): Record<string, InvoiceStatus> {
  return Object.fromEntries(statuses.map((status) => [`:${status}`, status]));
}

/** The item exists (an update never creates an invoice). */
export const itemExists: Condition = { expression: 'attribute_exists(pk)' };

/** No item yet under this key (first write wins). */
export const itemAbsent: Condition = { expression: 'attribute_not_exists(pk)' };

export function statusIs(status: InvoiceStatus): Condition {
  return { expression: `#status = :${status}`, names: STATUS, values: bound([status]) };
}

export function statusNotIn(statuses: readonly InvoiceStatus[]): Condition {
  return {
    expression: `NOT (#status IN (${statuses.map((status) => `:${status}`).join(', ')}))`,
    names: STATUS,
    values: bound(statuses),
  };
}

/** The balance is what was read (nothing was paid in between). */
export function balanceIs(balanceMinor: number): Condition {
  return { expression: 'balanceMinor = :readBalance', values: { ':readBalance': balanceMinor } };
}

/** Nothing is left to pay. */
export const fullyPaid: Condition = {
  expression: 'balanceMinor <= :zeroBalance',
  values: { ':zeroBalance': 0 },
};

/** Something is left to pay. */
export const balanceDue: Condition = {
  expression: 'balanceMinor > :zeroBalance',
  values: { ':zeroBalance': 0 },
};

/** The invoice carries (or not) a flag. */
export function flagged(flag: string, present: boolean): Condition {
  return {
    expression: `${present ? 'attribute_exists' : 'attribute_not_exists'}(flags.#flag_${flag})`,
    names: { [`#flag_${flag}`]: flag },
  };
}

/** All of them. */
export function and(...conditions: readonly Condition[]): Condition {
  return {
    expression: conditions.map((condition) => condition.expression).join(' AND '),
    names: Object.assign({}, ...conditions.map((condition) => condition.names ?? {})),
    values: Object.assign({}, ...conditions.map((condition) => condition.values ?? {})),
  };
}
