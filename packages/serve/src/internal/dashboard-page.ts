/** Escape text for an HTML text node or attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The start of a page, up to its `<title>` (escaped) and the newline after it; the caller goes on with `<style>`. */
export function pageStart(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
`;
}

/**
 * The monitoring page: one HTML document with inline CSS and JS, no external scripts, fonts or images, so it
 * works offline and under `Content-Security-Policy: default-src 'none'`. It polls `<page>/data` (relative to its
 * own URL, so it works under any mount prefix) every `refreshMs` and renders with DOM APIs and `textContent`
 * only: recent inputs are user data and never reach `innerHTML`.
 */
export function dashboardHtml(options: { title: string; refreshMs: number }): string {
  return `${pageStart(`${options.title} · monitoring`)}<style>
:root { --fg:#1d2430; --muted:#5b6675; --line:#dde2e8; --bg:#f6f7f9; --card:#fff; --ok:#1e7f4f; --warn:#b26b00; --bad:#c0392b; --ref:#8aa4c8; --cur:#2f6fdb; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:baseline; gap:16px; padding:14px 24px; background:var(--card); border-bottom:1px solid var(--line); flex-wrap:wrap; }
header h1 { font-size:18px; margin:0; }
.muted { color:var(--muted); }
main { padding:16px 24px 40px; max-width:1200px; }
.cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap:12px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.card .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.card .value { font-size:24px; font-variant-numeric: tabular-nums; }
section { margin-top:20px; background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px; }
h2 { font-size:15px; margin:0 0 10px; }
table { border-collapse:collapse; width:100%; font-variant-numeric: tabular-nums; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; }
td.json { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12px; max-width:420px; overflow-wrap:anywhere; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; color:#fff; background:var(--muted); }
.badge.stable, .badge.ready { background:var(--ok); } .badge.warning { background:var(--warn); } .badge.drift, .badge.draining { background:var(--bad); }
.legend span { display:inline-block; width:10px; height:10px; margin:0 4px 0 12px; vertical-align:middle; }
svg text { font-size:10px; fill:var(--muted); }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(options.title)}</h1>
  <span id="status" class="badge">loading</span>
  <span class="muted">updated <span id="updated">never</span> · uptime <span id="uptime">-</span> · refreshes every ${Math.round(options.refreshMs / 100) / 10} s</span>
  <span id="fetch-error" class="muted"></span>
</header>
<noscript><p style="padding:0 24px">This page needs JavaScript to refresh; the raw data is at <a href="dashboard/data">dashboard/data</a>.</p></noscript>
<main>
  <div class="cards">
    <div class="card"><div class="label">API requests</div><div class="value" id="total-requests">-</div></div>
    <div class="card"><div class="label">Requests/s (60 s)</div><div class="value" id="rps">-</div></div>
    <div class="card"><div class="label">Error rate (5 min)</div><div class="value" id="error-rate">-</div></div>
    <div class="card"><div class="label">Latency p50</div><div class="value" id="p50">-</div></div>
    <div class="card"><div class="label">Latency p90</div><div class="value" id="p90">-</div></div>
    <div class="card"><div class="label">Latency p99</div><div class="value" id="p99">-</div></div>
  </div>
  <section>
    <h2>Request volume, last 5 minutes <span class="legend muted"><span style="background:var(--cur)"></span>requests<span style="background:var(--bad)"></span>errors</span></h2>
    <svg id="volume-chart" width="100%" height="120" viewBox="0 0 900 120" preserveAspectRatio="none" role="img" aria-label="requests per second"></svg>
  </section>
  <div id="models"></div>
  <section>
    <h2>Recent predictions</h2>
    <table><thead><tr><th>time</th><th>model</th><th>input</th><th>output</th><th>ms</th></tr></thead><tbody id="recent"></tbody></table>
  </section>
</main>
<script>
(function () {
  'use strict';
  var REFRESH = ${Math.max(250, Math.floor(options.refreshMs))};
  var dataUrl = location.pathname.replace(/\\/+$/, '') + '/data';
  var SVG = 'http://www.w3.org/2000/svg';
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function sv(tag, attrs) { var e = document.createElementNS(SVG, tag); for (var k in attrs) e.setAttribute(k, attrs[k]); return e; }
  function fmt(v, digits) { return v === null || v === undefined || !isFinite(v) ? '-' : Number(v).toFixed(digits); }
  function ms(v) { return v === null || v === undefined ? '-' : (v < 10 ? v.toFixed(2) : v.toFixed(1)) + ' ms'; }
  function short(v) { var s; try { s = JSON.stringify(v); } catch (e) { s = String(v); } return s.length > 160 ? s.slice(0, 157) + '...' : s; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function volume(svg, timeline) {
    clear(svg);
    var max = 1; timeline.forEach(function (p) { if (p.requests > max) max = p.requests; });
    var w = 900 / timeline.length;
    timeline.forEach(function (p, i) {
      var h = 100 * p.requests / max, he = 100 * p.errors / max;
      if (h > 0) svg.appendChild(sv('rect', { x: i * w, y: 105 - h, width: Math.max(1, w - 0.5), height: h, fill: '#2f6fdb' }));
      if (he > 0) svg.appendChild(sv('rect', { x: i * w, y: 105 - he, width: Math.max(1, w - 0.5), height: he, fill: '#c0392b' }));
    });
    var t = sv('text', { x: 2, y: 10 }); t.textContent = max + '/s'; svg.appendChild(t);
    svg.appendChild(sv('line', { x1: 0, y1: 105, x2: 900, y2: 105, stroke: '#dde2e8' }));
  }
  function histogram(bins) {
    var svg = sv('svg', { width: 160, height: 40, viewBox: '0 0 160 40', role: 'img', 'aria-label': 'reference vs recent' });
    var max = 0.0001; bins.forEach(function (b) { max = Math.max(max, b.expected, b.actual); });
    var w = 160 / bins.length;
    bins.forEach(function (b, i) {
      var he = 36 * b.expected / max, ha = 36 * b.actual / max;
      svg.appendChild(sv('rect', { x: i * w + 1, y: 38 - he, width: w / 2 - 1, height: he, fill: '#8aa4c8' }));
      svg.appendChild(sv('rect', { x: i * w + w / 2, y: 38 - ha, width: w / 2 - 1, height: ha, fill: '#2f6fdb' }));
    });
    return svg;
  }
  function models(container, list) {
    clear(container);
    list.forEach(function (m) {
      var s = el('section', { 'data-model': m.name });
      var h = el('h2'); h.textContent = m.name + ' '; h.appendChild(el('span', { 'class': 'muted' }, m.kind + ' · ' + m.version));
      s.appendChild(h);
      var p = el('p'); p.appendChild(document.createTextNode('predictions: '));
      p.appendChild(el('strong', { 'class': 'predictions' }, m.predictions)); s.appendChild(p);
      if (!m.drift.length) { s.appendChild(el('p', { 'class': 'muted' }, 'No reference samples in this model: drift is not monitored.')); container.appendChild(s); return; }
      var table = el('table', { 'class': 'drift' });
      var head = el('tr');
      ['feature', 'reference n', 'recent n', 'PSI', 'PSI warn / drift at', 'KS D', 'KS p', 'status', 'reference vs recent'].forEach(function (c) { head.appendChild(el('th', null, c)); });
      var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
      var body = el('tbody');
      m.drift.forEach(function (d) {
        var tr = el('tr', { 'data-feature': d.feature });
        tr.appendChild(el('td', null, d.feature));
        tr.appendChild(el('td', null, d.referenceSize));
        tr.appendChild(el('td', { 'class': 'sample-size' }, d.sampleSize));
        tr.appendChild(el('td', { 'class': 'psi' }, fmt(d.psi.value, 3)));
        tr.appendChild(el('td', null, fmt(d.psi.warning, 3) + ' / ' + fmt(d.psi.drift, 3)));
        tr.appendChild(el('td', { 'class': 'ks' }, fmt(d.ks.statistic, 3)));
        tr.appendChild(el('td', null, d.ks.pValue < 0.0001 ? '<0.0001' : fmt(d.ks.pValue, 4)));
        var st = el('td'); st.appendChild(el('span', { 'class': 'badge ' + d.status }, d.status)); tr.appendChild(st);
        var hc = el('td'); hc.appendChild(histogram(d.bins)); tr.appendChild(hc);
        body.appendChild(tr);
      });
      table.appendChild(body); s.appendChild(table);
      container.appendChild(s);
    });
  }
  function recent(tbody, rows) {
    clear(tbody);
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', null, new Date(r.time).toISOString().slice(11, 23)));
      tr.appendChild(el('td', null, r.model));
      tr.appendChild(el('td', { 'class': 'json' }, short(r.input)));
      tr.appendChild(el('td', { 'class': 'json' }, short(r.output)));
      tr.appendChild(el('td', null, fmt(r.latencyMs, 2)));
      tbody.appendChild(tr);
    });
  }
  function render(d) {
    var st = $('status'); st.textContent = d.ready ? 'ready' : 'draining'; st.className = 'badge ' + (d.ready ? 'ready' : 'draining');
    $('updated').textContent = new Date(d.now).toISOString().slice(11, 19) + ' UTC';
    $('uptime').textContent = Math.round(d.uptimeSeconds) + ' s';
    $('total-requests').textContent = d.totals.requests;
    $('rps').textContent = fmt(d.requestsPerSecond, 1);
    $('error-rate').textContent = fmt(100 * d.errorRate, 1) + ' %';
    $('p50').textContent = ms(d.latencyMs.p50); $('p90').textContent = ms(d.latencyMs.p90); $('p99').textContent = ms(d.latencyMs.p99);
    volume($('volume-chart'), d.timeline);
    models($('models'), d.models);
    recent($('recent'), d.recent);
    document.body.setAttribute('data-refreshed', String(d.now));
  }
  function tick() {
    fetch(dataUrl, { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (d) { $('fetch-error').textContent = ''; render(d); })
      .catch(function (e) { $('fetch-error').textContent = 'refresh failed: ' + e.message; })
      .then(function () { setTimeout(tick, REFRESH); });
  }
  tick();
})();
</script>
</body>
</html>
`;
}
