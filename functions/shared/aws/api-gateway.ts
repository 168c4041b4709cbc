import { APIGatewayClient } from '@aws-sdk/client-api-gateway';

/**
 * The API Gateway client (seller API keys), created lazily once per process; the endpoint comes from
 * `AWS_ENDPOINT_URL_API_GATEWAY` when set (the local twin).
 */
let client: APIGatewayClient | undefined;

export function apiGatewayClient(): APIGatewayClient {
  client ??= new APIGatewayClient({});
  return client;
}

/** Replaces the client (tests); `undefined` makes the next call create a fresh one from the environment. */
export function setApiGatewayClient(replacement: APIGatewayClient | undefined): void {
  client = replacement;
}
