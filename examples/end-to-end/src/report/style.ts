/**
 * The report's stylesheet: a readable page at desktop widths, one column on phones (≤ 720 px: each chart's
 * narrow variant), and a print layout (A4, one question per page, the desktop charts, nothing cut across pages).
 */
export const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1d;background:#f6f7f9}
header{background:#1f3b5c;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#dde6f0;font-size:13px;overflow-wrap:anywhere}
nav{background:#fff;border-bottom:1px solid #e2e5ea;padding:6px 24px}
nav ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 18px}
nav a{color:#1f5fa8;font-size:14px}
main{max-width:1100px;margin:0 auto;padding:8px 24px 40px}
section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:14px 20px;margin:18px 0}
h2{font-size:20px;margin:4px 0 8px}
h3{font-size:16px;margin:18px 0 6px}
.lead{margin:0 0 12px;max-width:75ch}
.note{font-size:13px;color:#555;max-width:80ch}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px;margin:8px 0 6px}
.kpi{background:#f1f5fa;border-radius:6px;padding:10px 14px}
.kpi b{display:block;font-size:20px}
.kpi span{display:block;font-size:13px;color:#444}
.kpi small{display:block;font-size:12px;color:#444;margin-top:2px}
.tag{display:inline-block;background:#fff1c7;color:#5c4300;border-radius:4px;padding:0 5px;font-size:12px;font-weight:600}
figure{margin:14px 0}
figcaption{font-weight:600;font-size:14px;margin-bottom:4px}
figure svg{display:block;max-width:100%;height:auto}
.v-narrow{display:none}
.table-wrap{overflow-x:auto;margin:10px 0}
table{border-collapse:collapse;font-size:13px;width:100%}
caption{text-align:left;font-weight:600;font-size:14px;padding:4px 0}
th,td{border-bottom:1px solid #e8e8e8;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f4f6f8;font-weight:600}
tbody th{font-weight:normal}
.n{text-align:right;white-space:nowrap}
code{font-size:12px;background:#f3f3f3;padding:0 3px;border-radius:3px}
.segments{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}
.segment{border:1px solid #e2e5ea;border-radius:6px;padding:10px 14px}
.segment h3{margin:0 0 6px;font-size:16px}
.segment dl{margin:0}
.segment dl div{display:flex;justify-content:space-between;gap:10px;border-bottom:1px dotted #ddd;padding:2px 0;font-size:13px}
.segment dt{color:#444}
.segment dd{margin:0;font-weight:600;text-align:right}
.action{font-size:13px;margin:8px 0 0}
.examples{padding-left:18px}
.examples li{margin:6px 0}
.examples .suggest{display:block}
.product{white-space:normal}
#skipped{background:#fff7e0;border-color:#f0d58a}
@media (max-width:720px){
  header,nav{padding-left:12px;padding-right:12px}
  main{padding:4px 10px 24px}
  section{padding:10px 12px;margin:12px 0}
  .v-wide{display:none}
  .v-narrow{display:block}
  .kpis{grid-template-columns:repeat(auto-fill,minmax(150px,1fr))}
  .segments{grid-template-columns:1fr}
  table{font-size:12px}
  th,td{padding:3px 5px}
}
@page{size:A4;margin:12mm}
@media print{
  body{background:#fff;font-size:12px}
  header{-webkit-print-color-adjust:exact;print-color-adjust:exact;padding:10px 14px}
  nav{display:none}
  main{max-width:none;padding:0}
  section{border:0;border-radius:0;padding:0;margin:0;break-before:page}
  section:first-of-type{break-before:auto}
  .v-wide{display:block}
  .v-narrow{display:none}
  .table-wrap{overflow:visible}
  figure,.kpi,.segment,tr,.examples li{break-inside:avoid}
  h2,h3,caption{break-after:avoid}
  .kpi,.tag,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
}
`;
