import { describe, expect, it } from 'vitest';
import { CLOSED_STATUSES } from '../../functions/core/lifecycle';
import {
  and,
  balanceDue,
  balanceIs,
  flagged,
  itemExists,
  statusIs,
  statusNotIn,
} from '../../functions/shared/conditions';

describe('conditions', () => {
  it('should bind each status to its own placeholder', () => {
    expect(statusNotIn(CLOSED_STATUSES)).toEqual({
      expression: 'NOT (#status IN (:paid, :cancelled))',
      names: { '#status': 'status' },
      values: { ':paid': 'paid', ':cancelled': 'cancelled' },
    });
    expect(statusIs('paused')).toEqual({
      expression: '#status = :paused',
      names: { '#status': 'status' },
      values: { ':paused': 'paused' },
    });
  });

  it('should compose pieces with AND and merge what they refer to', () => {
    expect(and(itemExists, statusNotIn(['paid']), balanceDue, flagged('undeliverable', false))).toEqual({
      expression:
        'attribute_exists(pk) AND NOT (#status IN (:paid)) AND balanceMinor > :zeroBalance AND attribute_not_exists(flags.#flag_undeliverable)',
      names: { '#status': 'status', '#flag_undeliverable': 'undeliverable' },
      values: { ':paid': 'paid', ':zeroBalance': 0 },
    });
  });

  it('should let two pieces on the same status agree on its placeholder', () => {
    const both = and(statusIs('paid'), statusNotIn(['paid', 'paused']));
    expect(both.values).toEqual({ ':paid': 'paid', ':paused': 'paused' });
  });

  it('should compare the balance with the one that was read', () => {
    expect(balanceIs(1200)).toEqual({
      expression: 'balanceMinor = :readBalance',
      values: { ':readBalance': 1200 },
    });
  });
});
