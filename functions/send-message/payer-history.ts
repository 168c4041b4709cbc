import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type CustomerInvoice, paymentHistory } from '../core/lifecycle';
import type { Seller } from '../core/schemas';
import type { PaymentHistoryEntry } from '../core/tone';
import { dynamoClient } from '../shared/aws/dynamo';
import { type InvoiceRecord, keys } from '../shared/store';
import type { SendDeps } from './send';

/** The customer's other invoices with this seller, as lateness entries for the payer profile. */
export async function payerHistory(
  deps: Pick<SendDeps, 'store'>,
  invoice: InvoiceRecord,
  today: string,
  seller: Seller,
): Promise<PaymentHistoryEntry[]> {
  const { Items = [] } = await dynamoClient().send(
    new QueryCommand({
      TableName: deps.store.tableName,
      IndexName: 'byCustomer',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.byCustomer(invoice.sellerId, invoice.customer.id, '', '').gsi2pk,
      },
      ProjectionExpression: 'invoiceId, dueDate, #status, paidAt',
      ExpressionAttributeNames: { '#status': 'status' },
      Limit: 50,
    }),
  );
  return paymentHistory(Items as CustomerInvoice[], invoice.invoiceId, today, seller.sendWindow);
}
