import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CfnTemplate, TokenResolver } from './cfn';
import { dashboardListPage, dashboardPage } from './dashboard-page';
import { dashboardsOf, evaluateDashboard } from './dashboards';
import { sendJson, sendProblem } from './http';
import type { LocalMetricStore } from './metrics';

/** Chart.js's UMD build, from node_modules: the dashboards work offline and load nothing from a CDN. */
// The package exports no subpath for it: found next to its CommonJS entry (dist/chart.cjs).
const CHART_JS_PATH = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/**
 * `GET /_local/dashboards` (the template's dashboards) and `GET /_local/dashboards/{name}` (one
 * dashboard drawn from the local metric store; `?format=json` gives the evaluated widgets instead),
 * and the chart library they load. Returns false for any other path.
 */
export function createDashboardRoutes(options: {
  template: CfnTemplate;
  resolver: TokenResolver;
  store: LocalMetricStore;
  nowMs: () => number;
}): (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean> {
  // Read at the first request: a dashboard the runner cannot read never stops the service from starting.
  let cached: ReturnType<typeof dashboardsOf> | undefined;
  const dashboards = () => {
    cached ??= dashboardsOf(options.template, options.resolver);
    return cached;
  };
  const sendHtml = (response: ServerResponse, html: string) => {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
    });
    response.end(html);
  };
  return async (request, response, url) => {
    if (request.method !== 'GET') return false;
    if (url.pathname === '/_local/assets/chart.umd.js') {
      const script = await readFile(CHART_JS_PATH);
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': script.length,
      });
      response.end(script);
      return true;
    }
    if (url.pathname === '/_local/dashboards' || url.pathname === '/_local/dashboards/') {
      const names = dashboards().map((dashboard) => dashboard.name);
      if (url.searchParams.get('format') === 'json') sendJson(response, 200, { dashboards: names });
      else sendHtml(response, dashboardListPage(names));
      return true;
    }
    const match = /^\/_local\/dashboards\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    let name: string;
    try {
      name = decodeURIComponent(match[1] as string);
    } catch {
      name = '';
    }
    const dashboard = dashboards().find((item) => item.name === name);
    if (!dashboard) {
      sendProblem(response, 404, 'Not Found', `No dashboard named "${name}" in the template.`);
      return true;
    }
    const evaluated = evaluateDashboard(dashboard, options.store, options.nowMs());
    if (url.searchParams.get('format') === 'json') sendJson(response, 200, evaluated);
    else sendHtml(response, dashboardPage(evaluated));
    return true;
  };
}
