import { escapeHtml, pageStart } from './dashboard-page.js';

/**
 * The API docs page: a self-contained HTML renderer of `openapi.json` (fetched relative to the page), listing
 * every operation with its schemas and a form to try `predict`. No external scripts or styles.
 */
export function docsHtml(options: { title: string }): string {
  return `${pageStart(`${options.title} · API`)}<style>
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1d2430; background:#f6f7f9; }
header, main { padding:14px 24px; max-width:1100px; }
header { background:#fff; border-bottom:1px solid #dde2e8; max-width:none; }
h1 { font-size:18px; margin:0; }
.op { background:#fff; border:1px solid #dde2e8; border-radius:8px; margin:12px 0; padding:10px 14px; }
.method { display:inline-block; min-width:52px; font-weight:700; font-family:ui-monospace, Menlo, Consolas, monospace; }
.get { color:#1e7f4f; } .post { color:#2f6fdb; }
code, pre, textarea { font-family:ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12px; }
pre { background:#f6f7f9; padding:8px; overflow:auto; max-height:320px; }
textarea { width:100%; min-height:90px; }
details summary { cursor:pointer; color:#5b6675; }
</style>
</head>
<body>
<header><h1>${escapeHtml(options.title)}</h1> <span id="info"></span> · <a href="openapi.json">openapi.json</a> · <a href="dashboard">dashboard</a></header>
<main id="ops">loading…</main>
<script>
(function () {
  'use strict';
  var base = location.pathname.replace(/\\/docs\\/?$/, '');
  function el(tag, attrs, text) { var e = document.createElement(tag); if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = String(text); return e; }
  function resolve(doc, s) {
    if (s && s.$ref && s.$ref.indexOf('#/components/schemas/') === 0) return doc.components.schemas[s.$ref.slice(21)];
    return s;
  }
  function schemaBlock(label, doc, s) {
    var d = el('details'); d.appendChild(el('summary', null, label));
    var shown = s && s.oneOf ? { oneOf: s.oneOf.map(function (x) { return resolve(doc, x); }) } : resolve(doc, s);
    d.appendChild(el('pre', null, JSON.stringify(shown, null, 2))); return d;
  }
  fetch(base + '/openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById('info').textContent = 'OpenAPI ' + doc.openapi + ' · ' + doc.info.description;
    var ops = document.getElementById('ops'); ops.textContent = '';
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var box = el('div', { 'class': 'op' });
        var h = el('div'); h.appendChild(el('span', { 'class': 'method ' + method }, method.toUpperCase()));
        h.appendChild(el('code', null, path)); h.appendChild(document.createTextNode(' — ' + (op.summary || '')));
        box.appendChild(h);
        if (op.requestBody) box.appendChild(schemaBlock('request body', doc, op.requestBody.content['application/json'].schema));
        Object.keys(op.responses).forEach(function (code) {
          var r = op.responses[code]; var c = r.content && (r.content['application/json'] || r.content['application/problem+json']);
          if (c) box.appendChild(schemaBlock(code + ' ' + r.description, doc, c.schema));
          else box.appendChild(el('div', { 'class': 'muted' }, code + ' ' + r.description));
        });
        if (method === 'post') {
          var ta = el('textarea'); ta.value = '{}';
          var btn = el('button', { type: 'button' }, 'Send'); var out = el('pre');
          btn.addEventListener('click', function () {
            fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ta.value })
              .then(function (r) { return r.text().then(function (t) { out.textContent = r.status + '\\n' + t; }); });
          });
          var tryIt = el('details'); tryIt.appendChild(el('summary', null, 'try it'));
          tryIt.appendChild(ta); tryIt.appendChild(btn); tryIt.appendChild(out); box.appendChild(tryIt);
        }
        ops.appendChild(box);
      });
    });
  }).catch(function (e) { document.getElementById('ops').textContent = 'Cannot load openapi.json: ' + e.message; });
})();
</script>
</body>
</html>
`;
}
