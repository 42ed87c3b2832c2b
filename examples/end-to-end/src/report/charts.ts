import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Render a Vega-Lite spec to an inline SVG string on the server (no browser, no network). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    ...spec,
  } as unknown as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: 'transparent' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  range: { category: ['#2f6db5', '#e07b39', '#3f9d5a', '#b8453f', '#7d5ba6', '#8c6d31', '#d46ba6', '#6b6b6b'] },
};
