import * as z from 'zod';
import { sellerId } from '../../core/schemas';
import { sellerExample, sellerProfileExample } from './examples';
import { defineOperation, json, type ParameterSpec } from './operation';

/** Sellers, their webhook secrets and the API keys that reach them. */

export const sellerIdParameter: Record<'sellerId', ParameterSpec> = {
  sellerId: {
    description: 'Your identifier for the seller (letters, digits, `-`, `_`)',
    schema: sellerId,
    example: 'atelier-dupont',
    required: true,
  },
};

const keyExample = {
  keyId: 'a1b2c3d4e5',
  name: 'Cabinet comptable Martin',
  sellers: ['atelier-dupont'],
  access: 'write',
  createdAt: '2026-11-02T10:00:00.000Z',
};

const apiKeyRecord = z.object({
  keyId: z.string(),
  name: z.string(),
  sellers: z.array(z.string()),
  access: z.enum(['read', 'write']),
  createdAt: z.iso.datetime({ offset: true }),
});

export const createApiKey = defineOperation({
  method: 'POST',
  path: '/api-keys',
  operationId: 'createApiKey',
  tags: ['Keys'],
  summary: 'Create a seller key',
  description:
    'Operator key only. The key reaches only the listed sellers (anything else answers 404), read-only or read-write. Its value is in this answer only.',
  target: 'api',
  auth: 'apiKey',
  requestBody: {
    required: true,
    content: json('ApiKeyRequest', {
      name: 'Cabinet comptable Martin',
      sellers: ['atelier-dupont'],
      access: 'write',
    }),
  },
  responses: {
    201: {
      description: 'Created; keep `apiKey`, it is never shown again',
      content: {
        'application/json': {
          schema: apiKeyRecord.extend({ apiKey: z.string() }),
          example: { ...keyExample, apiKey: 'Zx8v0k2mQn4pR6sT8uV0wX2yZ4aB6cD8eF0gH2iJ' },
        },
      },
    },
  },
  problems: [400],
});

export const listApiKeys = defineOperation({
  method: 'GET',
  path: '/api-keys',
  operationId: 'listApiKeys',
  tags: ['Keys'],
  summary: 'List seller keys',
  description: 'Operator key only. Keys are listed without their values.',
  target: 'api',
  auth: 'apiKey',
  responses: {
    200: {
      description: 'Every seller key',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(apiKeyRecord) }),
          example: { items: [keyExample] },
        },
      },
    },
  },
  problems: [],
});

export const revokeApiKey = defineOperation({
  method: 'DELETE',
  path: '/api-keys/{keyId}',
  operationId: 'revokeApiKey',
  tags: ['Keys'],
  summary: 'Revoke a seller key',
  description: 'Operator key only. The key stops working at once.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: {
    keyId: {
      description: 'The `keyId` of the key',
      schema: z.string().max(128),
      example: 'a1b2c3d4e5',
      required: true,
    },
  },
  responses: { 204: { description: 'Revoked' } },
  problems: [404],
});

export const rotateWebhookSecret = defineOperation({
  method: 'POST',
  path: '/sellers/{sellerId}/webhook-secret',
  operationId: 'rotateSellerWebhookSecret',
  tags: ['Sellers'],
  summary: 'Set a new generic-webhook secret for a seller',
  description:
    "The secret is shown in this answer only; the previous one stays valid until the next call. Events signed with it reach this seller's invoices only.",
  target: 'api',
  auth: 'apiKey',
  pathParameters: sellerIdParameter,
  responses: {
    201: {
      description: 'The new secret',
      content: {
        'application/json': {
          schema: z.object({ sellerId: z.string(), secret: z.string() }),
          example: {
            sellerId: 'atelier-dupont',
            secret: 'whsec_q3Jv0mYb5n8Xc2Lr7Tw4Zp1Ks6Hd9Fg0Aa2Bb4Cc6Dd',
          },
        },
      },
    },
  },
  problems: [404],
});

export const putSeller = defineOperation({
  method: 'PUT',
  path: '/sellers/{sellerId}',
  operationId: 'putSeller',
  tags: ['Sellers'],
  summary: 'Create or replace a seller profile',
  description:
    'Creates the profile (201) or replaces it (200). `cadence`, `sendWindow` and `defaultLocale` are optional; the answer shows them with their defaults. Invoices already registered keep the terms they were registered with.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: sellerIdParameter,
  requestBody: { required: true, content: json('Seller', sellerExample) },
  responses: {
    200: { description: 'Replaced', content: json('SellerProfile', sellerProfileExample) },
    201: { description: 'Created', content: json('SellerProfile', sellerProfileExample) },
  },
  problems: [400],
});

export const getSeller = defineOperation({
  method: 'GET',
  path: '/sellers/{sellerId}',
  operationId: 'getSeller',
  tags: ['Sellers'],
  summary: 'Read a seller profile',
  description: 'The profile as stored, defaults included.',
  target: 'api',
  auth: 'apiKey',
  pathParameters: sellerIdParameter,
  responses: { 200: { description: 'The profile', content: json('SellerProfile', sellerProfileExample) } },
  problems: [404],
});
