import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import { now } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { Executions } from '../shared/executions';
import { assertSafeQuery, problem, toHttpError } from '../shared/http';
import { logger } from '../shared/logger';
import { onDemandS3Documents, onDemandSesMailer } from '../shared/on-demand';
import { alertInsolvency } from '../shared/seller-alerts';
import { Store } from '../shared/store';
import { invoiceUseCases } from '../shared/use-cases';
import { ANONYMOUS, authorize, ROUTE_SCOPES, resolveCaller } from './access';
import { ApiKeys } from './api-keys';
import { withIdempotency } from './idempotency';
import { cursorSecretValues } from './listing';
import { createRouter } from './routes';

const config = loadConfig({
  TABLE_NAME: z.string().min(1),
  INVOICES_BUCKET: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  /** The deployment's own API Gateway key: the operator, who reaches every route. */
  OPERATOR_KEY_ID: z.string().min(1),
  /** Seller alerts (insolvency pause) go through SES with this configuration set. */
  SES_CONFIGURATION_SET: z.string().min(1),
  // The key of the pagination cursors: a Secrets Manager ARN in AWS, the value itself locally.
  CURSOR_SECRET_ARN: z.string().optional(),
  DUNNING_CURSOR_SECRET: z.string().optional(),
});

const store = new Store(config.TABLE_NAME);
// Most requests read or write the table only: S3 and SES load with the first request that needs them.
const alertMailer = onDemandSesMailer(config.SES_CONFIGURATION_SET);
const invoices = invoiceUseCases({
  store,
  executions: new Executions(config.STATE_MACHINE_ARN),
  documents: onDemandS3Documents(config.INVOICES_BUCKET),
  now,
  alertInsolvency: (invoice, seller) => alertInsolvency({ store, mailer: alertMailer, now }, invoice, seller),
});
const apiKeys = new ApiKeys({ store, operatorKeyId: config.OPERATOR_KEY_ID, now });
const router = createRouter({
  store,
  invoices,
  apiKeys,
  now,
  bucketName: config.INVOICES_BUCKET,
  cursorSecrets: () =>
    cursorSecretValues({ arn: config.CURSOR_SECRET_ARN, value: config.DUNNING_CURSOR_SECRET }),
});

/** The REST API (docs/openapi.json): routes, validation and problem+json errors; the work is in the use cases (functions/shared/use-cases/). */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const route = router.match(event.httpMethod, event.path);
  if (route === undefined) return problem(404, 'Not found', `No route for ${event.path}.`);
  if (route === 'method')
    return problem(405, 'Method not allowed', `${event.httpMethod} is not allowed on ${event.path}.`);
  try {
    assertSafeQuery(event);
    const scope = ROUTE_SCOPES[`${route.method} ${route.template}`];
    // Public routes read no scope (they cost no table read).
    const caller = scope === 'public' ? ANONYMOUS : await resolveCaller(event, store, config.OPERATOR_KEY_ID);
    await authorize({ scope, caller, event, params: route.params, store });
    const run = () => route.handler(event, route.params, caller);
    if (event.httpMethod === 'POST') return await withIdempotency(store, event, now, run);
    return await run();
  } catch (error) {
    const refused = toHttpError(error);
    if (refused) return problem(refused.status, refused.title, refused.message, refused.issues);
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
