import {
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  GetUsagePlansCommand,
  NotFoundException,
} from '@aws-sdk/client-api-gateway';
import { apiGatewayClient } from '../shared/aws/api-gateway';

/*
 * The API Gateway calls behind seller keys. A lazy module (`api-key-gateway.mjs` next to `index.mjs`):
 * the API Gateway client is loaded by the few requests that manage keys, not by every cold start.
 */

/** The usage plan the operator key is in, if any. */
export async function usagePlanOf(operatorKeyId: string): Promise<string | undefined> {
  const { items } = await apiGatewayClient().send(new GetUsagePlansCommand({ keyId: operatorKeyId }));
  return items?.[0]?.id;
}

/** Creates an enabled key with this value; answers its id (undefined if API Gateway returned none). */
export async function createGatewayKey(name: string, value: string): Promise<string | undefined> {
  const created = await apiGatewayClient().send(
    new CreateApiKeyCommand({
      name,
      description: 'Relance seller key (scope in the table)',
      enabled: true,
      value,
    }),
  );
  return created.id;
}

export async function addToUsagePlan(usagePlanId: string, keyId: string): Promise<void> {
  await apiGatewayClient().send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId, keyType: 'API_KEY' }));
}

/** Deletes the key; one already gone counts as deleted. */
export async function deleteGatewayKey(keyId: string): Promise<void> {
  try {
    await apiGatewayClient().send(new DeleteApiKeyCommand({ apiKey: keyId }));
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
  }
}
