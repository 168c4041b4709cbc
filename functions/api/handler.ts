import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { Executions } from '../shared/executions';
import { HttpError, problem } from '../shared/http';
import { InvoiceService } from '../shared/invoices';
import { logger } from '../shared/logger';
import { Store } from '../shared/store';
import { withIdempotency } from './idempotency';
import { createRouter } from './routes';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  INVOICES_BUCKET: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
});

const store = new Store(config.TABLE_NAME);
const invoices = new InvoiceService({
  store,
  executions: new Executions(config.STATE_MACHINE_ARN),
  bucketName: config.INVOICES_BUCKET,
  now,
});
const router = createRouter({ store, invoices, now });

/** The REST API (DESIGN §4): routes, validation and problem+json errors; the work is in InvoiceService. */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const route = router.match(event.httpMethod, event.path);
  if (route === undefined) return problem(404, 'Not found', `No route for ${event.path}.`);
  if (route === 'method')
    return problem(405, 'Method not allowed', `${event.httpMethod} is not allowed on ${event.path}.`);
  try {
    if (event.httpMethod === 'POST')
      return await withIdempotency(store, event, now, () => route.handler(event, route.params));
    return await route.handler(event, route.params);
  } catch (error) {
    if (error instanceof HttpError) return problem(error.status, error.title, error.message, error.issues);
    logger.error('Unhandled API error', {
      path: event.resource,
      method: event.httpMethod,
      error: error as Error,
    });
    return problem(
      500,
      'Internal error',
      'Something went wrong on our side; the request can be retried safely.',
    );
  }
};
