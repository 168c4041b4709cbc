import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { sellerId } from '../core/schemas';
import { HttpError } from '../shared/http';
import { lazyModule, siblingModule } from '../shared/lazy-module';
import { logger } from '../shared/logger';
import type { ApiKeyRecord, Store } from '../shared/store';

/** `POST /api-keys`: a name for people, the sellers the key reaches, and whether it may write. */
export const apiKeyRequestSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[\p{L}\p{N} ._@()'-]+$/u, "letters, digits, spaces and . _ @ ( ) ' - only"),
  sellers: z.array(sellerId).min(1).max(100),
  access: z.enum(['read', 'write']),
});
export type ApiKeyRequest = z.output<typeof apiKeyRequestSchema>;

export class ApiKeyManagementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyManagementError';
  }
}

/** Deployed, the gateway calls are `api-key-gateway.mjs` next to `index.mjs`, loaded on first use. */
const gateway = lazyModule(
  () =>
    import(siblingModule(import.meta.url, 'api-key-gateway')) as Promise<typeof import('./api-key-gateway')>,
);

/**
 * Seller keys are API Gateway keys in the usage plan of the operator key (so throttling applies to
 * each), plus a scope record in the table. The usage plan is found from the operator key at run
 * time: referencing it in the function's environment would make the stack circular.
 */
export class ApiKeys {
  readonly #store: Store;
  readonly #operatorKeyId: string;
  readonly #now: () => Date;
  #usagePlanId: string | undefined;

  constructor(options: { store: Store; operatorKeyId: string; now: () => Date }) {
    this.#store = options.store;
    this.#operatorKeyId = options.operatorKeyId;
    this.#now = options.now;
  }

  get operatorKeyId(): string {
    return this.#operatorKeyId;
  }

  async #usagePlan(): Promise<string> {
    if (this.#usagePlanId) return this.#usagePlanId;
    const id = await (await gateway()).usagePlanOf(this.#operatorKeyId);
    if (!id) throw new ApiKeyManagementError('The operator key is in no usage plan.');
    this.#usagePlanId = id;
    return id;
  }

  /** Creates the gateway key, puts it in the usage plan, then records its scope; the value is returned once. */
  async create(request: ApiKeyRequest): Promise<ApiKeyRecord & { apiKey: string }> {
    const usagePlanId = await this.#usagePlan();
    const calls = await gateway();
    // 40 URL-safe characters (240 bits): API Gateway wants at least 20.
    const value = randomBytes(30).toString('base64url');
    const keyId = await calls.createGatewayKey(`relance-${randomBytes(6).toString('hex')}`, value);
    if (!keyId) throw new ApiKeyManagementError('API Gateway returned no key id.');
    try {
      await calls.addToUsagePlan(usagePlanId, keyId);
      const record: ApiKeyRecord = {
        keyId,
        name: request.name,
        sellers: [...new Set(request.sellers)],
        access: request.access,
        createdAt: this.#now().toISOString(),
      };
      await this.#store.putApiKey(record);
      logger.info('API key created', { keyId, sellers: record.sellers.length, access: record.access });
      return { ...record, apiKey: value };
    } catch (error) {
      // Never leave a working key without a scope record (it would reach nothing, but still exist).
      await calls.deleteGatewayKey(keyId).catch(() => undefined);
      throw error;
    }
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.#store.listApiKeys();
  }

  /** Revokes a seller key: the gateway key first (requests stop at the gateway), then its scope. */
  async revoke(keyId: string): Promise<void> {
    if (keyId === this.#operatorKeyId)
      throw new HttpError(403, 'Forbidden', 'The operator key is managed with the deployment.');
    const record = await this.#store.getApiKey(keyId);
    if (!record) throw new HttpError(404, 'Not found', `API key ${keyId} does not exist.`);
    await (await gateway()).deleteGatewayKey(keyId);
    await this.#store.deleteApiKey(keyId);
    logger.info('API key revoked', { keyId });
  }
}
