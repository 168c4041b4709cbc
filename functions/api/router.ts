import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Caller } from './access';
import type { Operation } from './contract/operation';

/** `caller` has already passed the route's scope check (functions/api/access.ts). */
export type RouteHandler = (
  event: APIGatewayProxyEvent,
  params: Readonly<Record<string, string>>,
  caller: Caller,
) => Promise<APIGatewayProxyResult>;

interface Route {
  readonly operation: Operation;
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: RouteHandler;
}

/**
 * A tiny method + path-template router (`/invoices/{invoiceId}/payments`). Routes are added by
 * Operation (contract/operations.ts), so no route exists without its OpenAPI description.
 */
export class Router {
  readonly #routes: Route[] = [];

  add(operation: Operation, handler: RouteHandler): this {
    const { method, path: template } = operation;
    const names: string[] = [];
    const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.#routes.push({ operation, method, template, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** The route for a request: `undefined` for an unknown path, `'method'` when only the method is wrong. */
  match(
    method: string,
    path: string,
  ):
    | { handler: RouteHandler; params: Record<string, string>; method: string; template: string }
    | 'method'
    | undefined {
    let pathMatched = false;
    for (const route of this.#routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      try {
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1] as string);
        });
      } catch {
        // A malformed percent-encoding names no resource of ours.
        return undefined;
      }
      return { handler: route.handler, params, method: route.method, template: route.template };
    }
    return pathMatched ? 'method' : undefined;
  }

  get templates(): readonly { method: string; template: string }[] {
    return this.#routes.map(({ method, template }) => ({ method, template }));
  }

  /** The operations this router serves. */
  get operations(): readonly Operation[] {
    return this.#routes.map(({ operation }) => operation);
  }
}
