import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { HttpError } from '../shared/http';

/**
 * `GET /docs`: the OpenAPI document rendered by Swagger UI, every byte served by this API (no CDN:
 * the page works offline and tells no third party who reads it). Deployed, the renderer's files are
 * copied next to `index.mjs` (BaseFunction `assets`); run from source, they are read from the
 * `swagger-ui-dist` package.
 */

/** Files of `swagger-ui-dist` the page loads, served at `GET /docs/{file}`. */
export const REFERENCE_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;
type Asset = (typeof REFERENCE_ASSETS)[number];

const CONTENT_TYPES: Record<Asset | 'reference.js', string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'reference.js': 'text/javascript; charset=utf-8',
};

// Relative URLs: the page works under a stage prefix (`/v1/docs`) as well as locally (`/docs`).
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relance API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/reference.js"></script>
</body>
</html>
`;

// No validator badge (it would send the document to a third party).
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });\n`;

// Swagger UI sets inline style attributes and draws icons from data: URLs.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export function referencePage(): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: {
      ...COMMON_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
    },
    body: PAGE,
  };
}

const cache = new Map<Asset, Promise<string>>();

function assetPath(asset: Asset): string | URL {
  return import.meta.url.endsWith('.mjs')
    ? new URL(`./${asset}`, import.meta.url)
    : createRequire(import.meta.url).resolve(`swagger-ui-dist/${asset}`);
}

function isAsset(file: string): file is Asset {
  return (REFERENCE_ASSETS as readonly string[]).includes(file);
}

/** `GET /docs/{file}`: the renderer's files and the page's own script; anything else is a 404. */
export async function referenceAsset(file: string): Promise<APIGatewayProxyResult> {
  let body: string;
  if (file === 'reference.js') body = INIT_SCRIPT;
  else if (isAsset(file)) {
    let content = cache.get(file);
    if (!content) {
      content = readFile(assetPath(file), 'utf8');
      cache.set(file, content);
    }
    body = await content;
  } else throw new HttpError(404, 'Not found', `No file ${file} in the reference page.`);
  return {
    statusCode: 200,
    headers: {
      ...COMMON_HEADERS,
      'content-type': CONTENT_TYPES[file as Asset | 'reference.js'],
      'cache-control': 'public, max-age=3600',
    },
    body,
  };
}
