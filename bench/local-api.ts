import type { LocalService } from '../lib/local/service';

/** One keyed call to the local service's API; anything but a 2xx stops the benchmark with the answer. */
export async function call(
  service: LocalService,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const response = await fetch(`${service.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': service.apiKey, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}
