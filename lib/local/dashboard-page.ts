import type { WidgetData } from './dashboards';

/**
 * HTML of `GET /_local/dashboards` and `GET /_local/dashboards/{name}`. Each widget is laid out on
 * CloudWatch's 24-column grid and drawn in the browser by Chart.js, served from node_modules at
 * `/_local/assets/chart.umd.js` (nothing from a CDN). When a widget is drawn its element gets
 * `data-drawn="true"` and `data-points` (the datapoints plotted): the browser test reads them.
 */

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const STYLE = `
body{font:14px system-ui,sans-serif;margin:16px;background:#f4f5f7;color:#16191f}
h1{font-size:20px;margin:0 0 4px}.sub{color:#5f6b7a;margin:0 0 12px}
.grid{display:grid;grid-template-columns:repeat(24,1fr);grid-auto-rows:48px;gap:8px}
.widget{background:#fff;border:1px solid #d5dbdb;border-radius:4px;padding:8px;display:flex;flex-direction:column;min-width:0}
.widget h2{font-size:13px;margin:0 0 6px;font-weight:600}.body{flex:1;position:relative;min-height:0}
.values{display:flex;flex-wrap:wrap;gap:16px}.value b{display:block;font-size:24px}.value span{color:#5f6b7a;font-size:12px}
.note{color:#8d6605;font-size:12px}ul{margin:0;padding-left:18px}a{color:#0972d3}
`;

/** The list of the template's dashboards. */
export function dashboardListPage(names: readonly string[]): string {
  const items = names
    .map(
      (name) => `<li><a href="/_local/dashboards/${encodeURIComponent(name)}">${escapeHtml(name)}</a></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboards — Relance local</title><style>${STYLE}</style></head>
<body><h1>CloudWatch dashboards of the stack</h1><p class="sub">Drawn from the metrics the handlers printed (EMF), in virtual time.</p><ul>${items}</ul></body></html>`;
}

const CLIENT = `
const data = JSON.parse(document.getElementById('dashboard-data').textContent);
const palette = ['#0972d3','#e07941','#2ea597','#9469d6','#c33d69','#7d8998','#f5a623','#067f68'];
const day = (t) => new Date(t).toISOString().slice(0, 10);
const format = (v) => Number.isInteger(v) ? v.toLocaleString('en-GB') : v.toLocaleString('en-GB', {maximumFractionDigits: 2});
data.widgets.forEach((widget, index) => {
  const element = document.getElementById('w' + index);
  const body = element.querySelector('.body');
  const plotted = widget.series.reduce((n, s) => n + s.points.length, 0);
  if (widget.type !== 'metric') { element.dataset.drawn = 'true'; element.dataset.points = '0'; return; }
  if (widget.view === 'singleValue') {
    body.innerHTML = '<div class="values">' + widget.series.map((s) =>
      '<div class="value"><b>' + (s.points.length ? format(s.points.reduce((a, p) => a + p.v, 0)) : '—') + '</b><span></span></div>').join('') + '</div>';
    body.querySelectorAll('.value span').forEach((span, i) => { span.textContent = widget.series[i].label; });
    element.dataset.drawn = 'true'; element.dataset.points = String(plotted); return;
  }
  const times = [...new Set(widget.series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const canvas = document.createElement('canvas'); body.appendChild(canvas);
  const axisOptions = (axis) => ({ stacked: widget.stacked, min: axis && axis.min, max: axis && axis.max,
    title: { display: !!(axis && axis.label), text: axis && axis.label } });
  const yAxis = widget.yAxis || {};
  const hasRight = widget.series.some((s) => s.axis === 'right');
  new Chart(canvas, {
    type: widget.view === 'bar' ? 'bar' : 'line',
    data: { labels: times.map(day), datasets: widget.series.map((s, i) => ({
      label: s.label + (s.collectedLocally ? '' : ' (not collected locally)'),
      data: times.map((t) => { const p = s.points.find((q) => q.t === t); return p ? p.v : null; }),
      yAxisID: s.axis === 'right' ? 'right' : 'left', borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length] + (widget.stacked && widget.view !== 'bar' ? '66' : 'cc'),
      fill: widget.stacked && widget.view !== 'bar', spanGaps: true, pointRadius: 2 })) },
    options: { animation: false, maintainAspectRatio: false, responsive: true,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 11 } } } },
      scales: { x: { stacked: widget.stacked }, left: { position: 'left', ...axisOptions(yAxis.left) },
        ...(hasRight ? { right: { position: 'right', grid: { drawOnChartArea: false }, ...axisOptions(yAxis.right) } } : {}) } },
  });
  element.dataset.drawn = 'true'; element.dataset.points = String(plotted);
});
document.body.dataset.ready = 'true';
`;

/** One dashboard, every widget of its synthesized body. */
export function dashboardPage(dashboard: {
  name: string;
  startMs: number;
  endMs: number;
  widgets: readonly WidgetData[];
}): string {
  const widgets = dashboard.widgets
    .map((widget, index) => {
      const style = `grid-column:${widget.x + 1} / span ${widget.width};grid-row:${widget.y + 1} / span ${widget.height}`;
      let inner = '';
      if (widget.type === 'alarm')
        inner = `<ul>${(widget.alarms ?? []).map((arn) => `<li>${escapeHtml(arn.split(':').at(-1) ?? arn)}</li>`).join('')}</ul><p class="note">Alarm states are evaluated by CloudWatch only.</p>`;
      else if (widget.type === 'text') inner = `<pre>${escapeHtml(widget.text ?? '')}</pre>`;
      else if (widget.series.some((series) => !series.collectedLocally))
        inner = '<p class="note">AWS service metrics are not collected locally.</p>';
      return `<section class="widget" id="w${index}" data-type="${escapeHtml(widget.type)}" data-title="${escapeHtml(widget.title)}" style="${style}"><h2>${escapeHtml(widget.title)}</h2>${inner}<div class="body"></div></section>`;
    })
    .join('');
  // JSON inside <script>: "<" escaped so that no label can close the element.
  const json = JSON.stringify(dashboard).replace(/</g, '\\u003c');
  const range = `${new Date(dashboard.startMs).toISOString().slice(0, 10)} → ${new Date(dashboard.endMs).toISOString().slice(0, 16).replace('T', ' ')} (virtual time, UTC)`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(dashboard.name)} — Relance local</title><style>${STYLE}</style>
<script src="/_local/assets/chart.umd.js"></script></head>
<body><h1>${escapeHtml(dashboard.name)}</h1><p class="sub">${escapeHtml(range)} · <a href="/_local/dashboards">all dashboards</a></p>
<div class="grid">${widgets}</div>
<script type="application/json" id="dashboard-data">${json}</script><script>${CLIENT}</script></body></html>`;
}
