import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { esc } from './format.js';

/** Total width (px) of a chart's SVG in the desktop and print layout, and in the phone layout. */
export const WIDE = 680;
export const NARROW = 330;

/** Render a Vega-Lite spec to an inline SVG string on the server (no browser, no network). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    autosize: { type: 'fit-x', contains: 'padding' },
    ...spec,
  } as unknown as TopLevelSpec;
  // vega-lite warns "Dropping fit-y" for every chart with a step height under fit-x (the width still fits): only
  // errors are logged, so that the CLI's output stays clean
  const view = new vega.View(vega.parse(compile(full, { logger: QUIET }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const QUIET = vega.logger(vega.Error);

let charts = 0;

/**
 * A chart as a `<figure>`: its caption, and the SVG rendered twice — `build(WIDE, false)` for desktop and print,
 * `build(NARROW, true)` for phones (the stylesheet shows one) — so that labels keep their size and are never cut
 * at either width. `description` is the SVG's text alternative; ids inside each SVG are made unique in the page.
 */
export async function chart(
  id: string,
  title: string,
  description: string,
  build: (width: number, narrow: boolean) => Record<string, unknown>,
): Promise<string> {
  const variant = async (width: number, narrow: boolean) => {
    const prefix = `c${++charts}`;
    const svg = await renderSvg({ description, ...build(width, narrow), width });
    // vega numbers its clip paths per view (clip1, clip2…): prefix them so ids stay unique in the page; the chart
    // is one image to assistive technology (role img, labelled by `description`): inner ARIA roles are dropped
    return svg
      .replace(/(\sid="|url\(#|href="#)([^")]+)/g, `$1${prefix}-$2`)
      .replace(/\s(role|aria-roledescription|aria-label)="[^"]*"/g, '')
      .replace(/^<svg /, `<svg role="img" aria-label="${esc(description)}" `);
  };
  return `<figure class="chart" data-chart="${esc(id)}"><figcaption>${esc(title)}</figcaption>
<div class="v-wide">${await variant(WIDE, false)}</div><div class="v-narrow">${await variant(NARROW, true)}</div></figure>`;
}

const CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  view: { stroke: 'transparent' },
  // marks and axes are not announced one by one: each figure has a text alternative and a table
  aria: false,
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    gridColor: '#e6e6e6',
    labelColor: '#333',
    titleColor: '#333',
    labelLimit: 0,
    labelOverlap: false,
  },
  legend: { labelFontSize: 11, titleFontSize: 11, labelColor: '#333', titleColor: '#333', labelLimit: 0 },
  range: { category: ['#2f6db5', '#e07b39', '#3f9d5a', '#b8453f', '#7d5ba6', '#8c6d31', '#d46ba6', '#6b6b6b'] },
};
