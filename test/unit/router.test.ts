import { describe, expect, it } from 'vitest';
import { getInvoice, pauseInvoice } from '../../functions/api/contract/operations';
import { Router } from '../../functions/api/router';

const ok = async () => ({ statusCode: 200, body: '' });

describe('Router', () => {
  const router = new Router().add(getInvoice, ok).add(pauseInvoice, ok);

  it('should match a path template and decode its parameters', () => {
    const match = router.match('GET', '/invoices/inv_a%2Db');
    expect(match !== undefined && match !== 'method' && match.params).toEqual({ invoiceId: 'inv_a-b' });
  });

  it('should tell an unknown path from a wrong method', () => {
    expect(router.match('GET', '/nowhere')).toBeUndefined();
    expect(router.match('DELETE', '/invoices/inv_x')).toBe('method');
  });

  it('should treat a malformed percent-encoding as an unknown path, not a crash', () => {
    expect(router.match('GET', '/invoices/%E0%A4%A')).toBeUndefined();
  });

  it('should keep the operation of each route', () => {
    expect(router.operations.map((operation) => operation.operationId)).toEqual([
      'getInvoice',
      'pauseInvoice',
    ]);
  });
});
