import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import * as z from 'zod';
import { localDate } from '../core/dates';
import { INVOICE_ID_PATTERN } from '../core/ids';
import { paymentPlanInputSchema } from '../core/payment-plan-input';
import { penaltyRateProblem } from '../core/rates';
import {
  cancelSchema,
  contactSchema,
  pauseSchema,
  paymentSchema,
  type Seller,
  sellerId as sellerIdSchema,
  sellerSchema,
} from '../core/schemas';
import { HttpError, json, parseJsonBody, toHttpError } from '../shared/http';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import { logger } from '../shared/logger';
import type { Store } from '../shared/store';
import type { InvoiceUseCases } from '../shared/use-cases';
import { validate } from '../shared/validate';
import { type ApiKeys, apiKeyRequestSchema } from './api-keys';
import * as operations from './contract/operations';
import { readInvoiceRequest } from './facturx-intake';
import { listInvoices } from './listing';
import { referenceAsset, referencePage } from './reference';
import { addReportRoutes } from './reports';
import { Router } from './router';
import { createUpload } from './uploads';

/**
 * The OpenAPI document's builder and its response schemas (a hundred zod schemas built at import) load
 * with the first `GET /openapi.json`: no other request needs them. Deployed, `openapi.mjs` next to
 * `index.mjs` (BaseFunction `lazyModules`); the specifier is computed so that esbuild leaves it out.
 */
const loadOpenApi = lazyModule(
  () => import(siblingModule(import.meta.url, 'openapi')) as Promise<typeof import('./openapi')>,
);

export const MAX_BATCH = 100;
/** Invoices of one batch registered at the same time. */
export const BATCH_CONCURRENCY = 8;

/**
 * A seller's contractual rate must clear the legal floor of the current half-year (its coming invoices);
 * each invoice is checked again against its own issue date at registration.
 */
function assertLawfulSellerRate(profile: Seller, now: Date): void {
  const rate = profile.latePenalty?.annualRatePercent;
  const problem =
    rate === undefined ? undefined : penaltyRateProblem(rate, localDate(now, profile.sendWindow));
  if (problem) {
    throw new HttpError(400, 'Invalid request', 'The late-penalty rate is below the legal floor.', [
      { path: 'latePenalty.annualRatePercent', message: problem },
    ]);
  }
}

function invoiceIdParam(params: Readonly<Record<string, string>>): string {
  const invoiceId = params.invoiceId ?? '';
  if (!INVOICE_ID_PATTERN.test(invoiceId))
    throw new HttpError(404, 'Not found', `Invoice ${invoiceId} does not exist.`);
  return invoiceId;
}

export interface RouteDeps {
  readonly store: Store;
  readonly invoices: InvoiceUseCases;
  readonly apiKeys: ApiKeys;
  readonly now: () => Date;
  /** The invoices bucket (upload URLs point into it). */
  readonly bucketName: string;
  /** Keys of the pagination cursors (the first seals). */
  readonly cursorSecrets: () => Promise<readonly string[]>;
}

export function createRouter(deps: RouteDeps): Router {
  const { store, invoices, apiKeys } = deps;
  const router = new Router();

  router.add(operations.health, async () => json(200, { status: 'ok' }));
  router.add(operations.openApi, async () => json(200, (await loadOpenApi()).openApiDocument()));
  router.add(operations.apiReference, async () => referencePage());
  router.add(operations.apiReferenceFile, async (_event, params) => referenceAsset(params.file ?? ''));

  router.add(operations.createApiKey, async (event) => {
    const request = validate(apiKeyRequestSchema, parseJsonBody(event));
    return json(201, await apiKeys.create(request));
  });

  router.add(operations.listApiKeys, async () => json(200, { items: await apiKeys.list() }));

  router.add(operations.revokeApiKey, async (_event, params) => {
    await apiKeys.revoke(params.keyId ?? '');
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
  });

  router.add(operations.putSeller, async (event, params, caller) => {
    const sellerId = validate(sellerIdSchema, params.sellerId);
    const profile = validate(sellerSchema, parseJsonBody(event));
    assertLawfulSellerRate(profile, deps.now());
    // A seller key may update its sellers; only the operator creates new ones.
    if (caller.kind !== 'operator' && !(await store.getSeller(sellerId)))
      throw new HttpError(403, 'Forbidden', 'Only the operator key creates sellers.');
    const { created } = await store.putSeller(sellerId, profile, deps.now().toISOString());
    return json(created ? 201 : 200, { sellerId, ...profile });
  });

  router.add(operations.getSeller, async (_event, params) => {
    const record = await store.getSeller(params.sellerId ?? '');
    if (!record) throw new HttpError(404, 'Not found', `Seller ${params.sellerId} does not exist.`);
    return json(200, { sellerId: record.sellerId, ...record.profile });
  });

  router.add(operations.rotateWebhookSecret, async (_event, params) => {
    const sellerId = params.sellerId ?? '';
    if (!(await store.getSeller(sellerId)))
      throw new HttpError(404, 'Not found', `Seller ${sellerId} does not exist.`);
    // 256 bits; shown once. The previous secret keeps working until the next rotation.
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    await store.rotateWebhookSecret(sellerId, secret, deps.now().toISOString());
    return json(201, { sellerId, secret });
  });

  router.add(operations.createUpload, async (event) => {
    const request = validate(operations.uploadRequestSchema, parseJsonBody(event));
    return json(201, await createUpload({ store, bucketName: deps.bucketName }, request));
  });

  router.add(operations.registerInvoice, async (event) => {
    const { invoice, origin } = await readInvoiceRequest(parseJsonBody(event));
    const { status, view } = await invoices.register(invoice, origin);
    return json(status, view, { location: `/invoices/${view.invoiceId}` });
  });

  router.add(operations.registerInvoices, async (event, _params, caller) => {
    const body = validate(
      z.strictObject({
        invoices: z.array(z.unknown()).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} invoices`),
      }),
      parseJsonBody(event),
    );
    const results = await registerBatch(invoices, body.invoices, BATCH_CONCURRENCY, caller.canReach);
    return json(207, { results });
  });

  router.add(operations.listInvoices, async (event) => {
    const query = validate(operations.listInvoicesQuery, event.queryStringParameters ?? {});
    const page = await listInvoices(
      store,
      {
        sellerId: query.sellerId,
        status: query.status,
        customerId: query.customerId,
        cursor: query.cursor,
        limit: query.limit,
      },
      deps.cursorSecrets,
    );
    return json(200, page);
  });

  router.add(operations.getInvoice, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    const query = validate(operations.getInvoiceQuery, event.queryStringParameters ?? {});
    return json(200, await invoices.view(invoiceId, query.asOf));
  });

  router.add(operations.recordPayment, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    const payment = validate(paymentSchema, parseJsonBody(event));
    const { applied, view } = await invoices.recordPayment(invoiceId, payment, 'api');
    return json(applied ? 201 : 200, view);
  });

  router.add(operations.pauseInvoice, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    return json(200, await invoices.pause(invoiceId, validate(pauseSchema, parseJsonBody(event))));
  });

  router.add(operations.agreePaymentPlan, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    const plan = validate(paymentPlanInputSchema, parseJsonBody(event));
    return json(201, await invoices.agreePaymentPlan(invoiceId, plan));
  });

  router.add(operations.resumeInvoice, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    // The body is optional; if one is sent it must be an empty object (no hidden options).
    if ((event.body ?? '').trim() !== '') validate(z.strictObject({}), parseJsonBody(event));
    return json(200, await invoices.resume(invoiceId));
  });

  router.add(operations.updateContact, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    return json(200, await invoices.updateContact(invoiceId, validate(contactSchema, parseJsonBody(event))));
  });

  router.add(operations.cancelInvoice, async (event, params) => {
    const invoiceId = invoiceIdParam(params);
    return json(200, await invoices.cancel(invoiceId, validate(cancelSchema, parseJsonBody(event))));
  });

  addReportRoutes(router, deps);

  return router;
}

/**
 * `POST /invoices/batch`: a few items at a time, much faster than one by one and gentle on DynamoDB and
 * Step Functions quotas. Each item settles on its own (a failure never rejects the others) and the
 * results keep the input order.
 */
export async function registerBatch(
  invoices: Pick<InvoiceUseCases, 'register'>,
  items: readonly unknown[],
  concurrency = BATCH_CONCURRENCY,
  canReach: (sellerId: string) => boolean = () => true,
): Promise<unknown[]> {
  const limit = pLimit(concurrency);
  return Promise.all(
    items.map((item, index) => limit(() => registerBatchItem(invoices, item, index, canReach))),
  );
}

/** One item of `POST /invoices/batch`: its own result, whatever happens to the others. */
async function registerBatchItem(
  invoices: Pick<InvoiceUseCases, 'register'>,
  item: unknown,
  index: number,
  canReach: (sellerId: string) => boolean,
): Promise<unknown> {
  try {
    const { invoice, origin } = await readInvoiceRequest(item);
    // Another tenant's seller answers like an unknown one (the scope check of this route is per item).
    if (!canReach(invoice.sellerId))
      throw new HttpError(404, 'Not found', `Seller ${invoice.sellerId} does not exist.`);
    const { status, view } = await invoices.register(invoice, origin);
    return { index, status, invoiceId: view.invoiceId, invoice: view };
  } catch (error) {
    const refused = toHttpError(error);
    if (refused) {
      return {
        index,
        status: refused.status,
        problem: {
          title: refused.title,
          status: refused.status,
          detail: refused.message,
          errors: refused.issues ?? [],
        },
      };
    }
    // Not the client's fault and not the other items' business: this item alone reports the failure.
    logger.error('Batch item failed', { index, error: error instanceof Error ? error.name : 'Error' });
    return {
      index,
      status: 500,
      problem: {
        title: 'Internal error',
        status: 500,
        detail: 'This invoice could not be registered; posting it again is safe.',
        errors: [],
      },
    };
  }
}
