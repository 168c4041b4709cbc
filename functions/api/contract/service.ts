import * as z from 'zod';
import { defineOperation, json } from './operation';

/** The service's own routes: liveness, the OpenAPI document and its reference page (no API key). */

export const health = defineOperation({
  method: 'GET',
  path: '/health',
  operationId: 'getHealth',
  tags: ['Service'],
  summary: 'Liveness',
  description: 'Answers `{"status":"ok"}` when the API function runs. No API key: meant for uptime probes.',
  target: 'api',
  auth: 'public',
  responses: { 200: { description: 'The service is up', content: json('Health', { status: 'ok' }) } },
  problems: [],
});

export const openApi = defineOperation({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['Service'],
  summary: 'This OpenAPI document',
  description: 'The OpenAPI 3.1 document of this API, generated from the schemas that validate requests.',
  target: 'api',
  auth: 'public',
  responses: {
    200: {
      description: 'The OpenAPI document',
      content: {
        'application/json': {
          schema: z.looseObject({ openapi: z.string() }),
          example: { openapi: '3.1.0', info: { title: 'Relance API', version: '1.0.0' } },
        },
      },
    },
  },
  problems: [],
});

const REFERENCE_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css', 'reference.js'] as const;

export const apiReference = defineOperation({
  method: 'GET',
  path: '/docs',
  operationId: 'getApiReference',
  tags: ['Service'],
  summary: 'API reference page',
  description:
    'This document rendered for people by Swagger UI, served by the API itself (no third-party script, style or font). No API key.',
  target: 'api',
  auth: 'public',
  responses: {
    200: {
      description: 'The reference page',
      content: {
        'text/html': {
          schema: z.string().meta({ description: 'An HTML page' }),
          example: '<!doctype html><html lang="en"><head><title>Relance API reference</title>…',
        },
      },
    },
  },
  problems: [],
});

export const apiReferenceFile = defineOperation({
  method: 'GET',
  path: '/docs/{file}',
  operationId: 'getApiReferenceFile',
  tags: ['Service'],
  summary: 'Files of the reference page',
  description:
    'The script and style sheet the reference page loads (from the npm package `swagger-ui-dist`). No API key.',
  target: 'api',
  auth: 'public',
  pathParameters: {
    file: {
      description: 'One of the files the page loads',
      schema: z.enum(REFERENCE_FILES),
      example: 'swagger-ui.css',
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The file',
      content: {
        'text/javascript': {
          schema: z.string().meta({ description: 'JavaScript' }),
          example: '/*! Swagger UI */…',
        },
        'text/css': { schema: z.string().meta({ description: 'A style sheet' }), example: '.swagger-ui{…}' },
      },
    },
  },
  problems: [404],
});
