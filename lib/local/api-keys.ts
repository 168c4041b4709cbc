import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { WorkTracker } from './clock';
import { readBody } from './http';

interface StoredKey {
  readonly id: string;
  readonly value: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly usagePlanIds: string[];
  readonly createdDate: number;
}

/**
 * The API keys of the local API Gateway: the template's operator key (value from DUNNING_API_KEY)
 * and the keys the API function creates through the API Gateway API, persisted in
 * `<dataDir>/apigateway/api-keys.json`. The adapter looks a request's `x-api-key` up here and puts
 * the key's id in `requestContext.identity.apiKeyId`, as API Gateway does.
 */
export class LocalApiKeys {
  readonly #keys = new Map<string, StoredKey>();
  readonly #file: string | undefined;

  constructor(options: {
    operator?: { id: string; value: string; usagePlanId?: string };
    file?: string;
  }) {
    this.#file = options.file;
    if (this.#file && existsSync(this.#file)) {
      for (const key of JSON.parse(readFileSync(this.#file, 'utf8')) as StoredKey[])
        this.#keys.set(key.id, key);
    }
    const { operator } = options;
    if (operator) {
      // The operator key always has the value given at start-up (it may change between runs).
      this.#keys.set(operator.id, {
        id: operator.id,
        value: operator.value,
        name: 'operator',
        enabled: true,
        usagePlanIds: operator.usagePlanId ? [operator.usagePlanId] : [],
        createdDate: 0,
      });
    }
  }

  /**
   * The id of the enabled key with this value that is in a usage plan (what API Gateway checks before
   * any function runs).
   */
  idOf(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    for (const key of this.#keys.values()) {
      if (key.enabled && key.value === value && key.usagePlanIds.length > 0) return key.id;
    }
    return undefined;
  }

  create(input: { name?: string; value?: string; enabled?: boolean }): StoredKey {
    const key: StoredKey = {
      id: randomBytes(5).toString('hex'),
      value: input.value ?? randomBytes(20).toString('base64url'),
      name: input.name ?? '',
      enabled: input.enabled ?? false,
      usagePlanIds: [],
      createdDate: Math.floor(Date.now() / 1000),
    };
    this.#keys.set(key.id, key);
    this.#save();
    return key;
  }

  addToUsagePlan(keyId: string, usagePlanId: string): StoredKey | undefined {
    const key = this.#keys.get(keyId);
    if (!key) return undefined;
    if (!key.usagePlanIds.includes(usagePlanId)) key.usagePlanIds.push(usagePlanId);
    this.#save();
    return key;
  }

  delete(keyId: string): boolean {
    const deleted = this.#keys.delete(keyId);
    this.#save();
    return deleted;
  }

  usagePlansOf(keyId: string): string[] {
    return this.#keys.get(keyId)?.usagePlanIds ?? [];
  }

  #save(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.#keys.values()].filter((k) => k.createdDate > 0)));
    renameSync(temporary, this.#file);
  }
}

function send(response: ServerResponse, status: number, body?: unknown, errorType?: string): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

const view = (key: StoredKey, withValue: boolean) => ({
  id: key.id,
  name: key.name,
  enabled: key.enabled,
  createdDate: key.createdDate,
  ...(withValue ? { value: key.value } : {}),
});

/**
 * The few API Gateway actions the API function calls (REST-JSON, through
 * `AWS_ENDPOINT_URL_API_GATEWAY`): CreateApiKey, DeleteApiKey, CreateUsagePlanKey, GetUsagePlans.
 */
export function createApiGatewayEndpoint(keys: LocalApiKeys, tracker: WorkTracker): Server {
  return createServer((request, response) => {
    const end = tracker.begin();
    response.once('close', end);
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const raw = await readBody(request, 64 * 1024);
      const body = (raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {}) as Record<string, unknown>;
      const route = `${request.method} ${url.pathname}`;
      const notFound = () =>
        send(response, 404, { message: 'Invalid API Key identifier specified' }, 'NotFoundException');
      if (route === 'POST /apikeys') {
        const key = keys.create(body as { name?: string; value?: string; enabled?: boolean });
        return send(response, 201, view(key, true));
      }
      if (route === 'GET /usageplans') {
        const keyId = url.searchParams.get('keyId');
        const plans = keyId ? keys.usagePlansOf(keyId) : [];
        return send(response, 200, { item: plans.map((id) => ({ id, name: id })) });
      }
      const planKey = /^POST \/usageplans\/([^/]+)\/keys$/.exec(route);
      if (planKey) {
        const key = keys.addToUsagePlan(String(body.keyId), decodeURIComponent(planKey[1] as string));
        return key ? send(response, 201, { id: key.id, type: 'API_KEY', name: key.name }) : notFound();
      }
      const deleteKey = /^DELETE \/apikeys\/([^/]+)$/.exec(route);
      if (deleteKey) {
        return keys.delete(decodeURIComponent(deleteKey[1] as string)) ? send(response, 202) : notFound();
      }
      send(response, 400, { message: `Unsupported action ${route}` }, 'BadRequestException');
    })().catch((error: unknown) => {
      send(response, 400, { message: String(error) }, 'BadRequestException');
    });
  });
}
