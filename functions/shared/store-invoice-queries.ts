import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CustomerInvoice, InvoiceStatus } from '../core/lifecycle';
import { keys } from './store-keys';
import { Table } from './store-table';
import type { InvoiceRecord } from './store-types';

/** A query of one invoice index (see `invoiceIndexPage`). */
export interface IndexPageRequest {
  readonly index: 'bySeller' | 'byStatus' | 'byCustomer';
  readonly keyAttribute: string;
  readonly keyValue: string;
  /** Keeps only this status (read, then filtered: the customer index has no status key). */
  readonly status?: InvoiceStatus;
  readonly limit: number;
  readonly startKey?: Record<string, unknown>;
}

/**
 * The invoices' index queries: a customer's invoices (payer history, the contact day's consolidation)
 * and pages of a seller's invoices for the listings. The status changes build on it (`InvoiceWrites`).
 */
export class InvoiceQueries extends Table {
  /** The customer's invoices with this seller (the newest 50 by due date are plenty for the payer profile). */
  async customerInvoices(sellerId: string, customerId: string): Promise<CustomerInvoice[]> {
    const projection = {
      ProjectionExpression: 'invoiceId, dueDate, #status, paidAt',
      ExpressionAttributeNames: { '#status': 'status' },
    };
    return this.byCustomer<CustomerInvoice>(sellerId, customerId, 50, projection);
  }

  /** The customer's invoices with this seller, whole (the contact day's consolidation), at most `limit`. */
  async customerInvoiceRecords(sellerId: string, customerId: string, limit = 100): Promise<InvoiceRecord[]> {
    return this.byCustomer<InvoiceRecord>(sellerId, customerId, limit);
  }

  /** One page of the `byCustomer` index for a seller's customer. */
  private async byCustomer<T>(
    sellerId: string,
    customerId: string,
    limit: number,
    projection: Pick<QueryCommandInput, 'ProjectionExpression' | 'ExpressionAttributeNames'> = {},
  ): Promise<T[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.byCustomer(sellerId, customerId, '', '').gsi2pk },
        ...projection,
        Limit: limit,
      }),
    );
    return Items as T[];
  }

  /**
   * One page of a seller's invoices from an index (`bySeller`, `byStatus`, `byCustomer`), optionally
   * filtered on the status. Items keep their key attributes: the caller builds cursors from them.
   */
  async invoiceIndexPage(page: IndexPageRequest): Promise<{
    items: Record<string, unknown>[];
    lastKey?: Record<string, unknown>;
  }> {
    const filter = page.status !== undefined;
    const output = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: page.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': page.keyAttribute, ...(filter ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: { ':pk': page.keyValue, ...(filter ? { ':status': page.status } : {}) },
        ...(filter ? { FilterExpression: '#status = :status' } : {}),
        Limit: page.limit,
        ExclusiveStartKey: page.startKey,
      }),
    );
    return {
      items: output.Items ?? [],
      ...(output.LastEvaluatedKey ? { lastKey: output.LastEvaluatedKey } : {}),
    };
  }
}
