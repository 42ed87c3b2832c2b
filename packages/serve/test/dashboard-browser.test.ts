import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandler, startServer } from '@retailkit/serve';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { centroidPredictor } from './fixtures/centroid.js';

const CHROMIUM = process.env.RETAILKIT_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(
    `[serve] skipping the headless dashboard test: no browser at ${CHROMIUM}. Enable it with ` +
      '`apt-get install -y chromium` (Debian) or point RETAILKIT_CHROMIUM at a Chromium binary.',
  );

describe.skipIf(!available)('dashboard in headless Chromium', () => {
  it('shows the traffic it is sent: volume, predictions, drift status, recent inputs', async () => {
    const predictor = centroidPredictor();
    const handler = createHandler({ predictors: [predictor], dashboardRefreshMs: 300 });
    const srv = await startServer(handler, { port: 0 });
    const profile = await mkdtemp(join(tmpdir(), 'serve-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${srv.url}/dashboard`);
      await page.waitForSelector('[data-model="segments"]');
      expect(await page.textContent('#total-requests')).toBe('0');

      for (let i = 0; i < 40; i++) {
        const res = await fetch(`${srv.url}/v1/models/segments/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ recency: 150 + i, frequency: 1 + (i % 3), monetary: 5 * i }),
        });
        expect(res.status).toBe(200);
      }
      expect(
        (
          await fetch(`${srv.url}/v1/models/segments/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"recency":"oops"}',
          })
        ).status,
      ).toBe(422);

      // the page refreshes itself: wait for the new numbers without reloading
      await page.waitForFunction(() => document.getElementById('total-requests')?.textContent === '41', null, {
        timeout: 10_000,
      });
      expect(await page.textContent('[data-model="segments"] .predictions')).toBe('40');
      expect(await page.textContent('#error-rate')).toBe('2.4 %'); // 1 / 41
      expect(await page.textContent('#p50')).toMatch(/ms$/);
      expect(await page.textContent('#status')).toBe('ready');
      // recency was sent from 150..189 against a 0..199 reference: flagged as drift, with 40 recent values
      const row = page.locator('[data-model="segments"] tr[data-feature="recency"]');
      expect(await row.locator('.sample-size').textContent()).toBe('40');
      expect(await row.locator('.badge').textContent()).toBe('drift');
      expect(Number(await row.locator('.psi').textContent())).toBeGreaterThan(0.25);
      // newest prediction first in the recent table
      const firstRecent = await page.textContent('#recent tr:first-child');
      expect(firstRecent).toContain('"recency":189');
      expect(firstRecent).toContain('lost');
      expect(await page.locator('#volume-chart rect').count()).toBeGreaterThan(0);
      // self-contained: every request the page made went to this server
      expect(requested.length).toBeGreaterThan(1);
      for (const u of requested) expect(u.startsWith(srv.url)).toBe(true);
      expect(errors).toEqual([]);

      // the docs page renders every operation of openapi.json, and its form sends a prediction
      await page.goto(`${srv.url}/docs`);
      await page.waitForSelector('.op');
      const ops = Object.values(handler.openapi.paths as Record<string, object>).reduce(
        (n, methods) => n + Object.keys(methods).length,
        0,
      );
      expect(await page.locator('.op').count()).toBe(ops);
      const predictOp = page.locator('.op', { hasText: '/v1/models/segments/predict' });
      await predictOp.locator('summary', { hasText: 'try it' }).click();
      await predictOp.locator('textarea').fill('{"recency":1,"frequency":1,"monetary":1}');
      await predictOp.locator('button').click();
      await predictOp.locator('pre', { hasText: /^200/ }).waitFor();
      expect(await predictOp.locator('pre').last().textContent()).toContain('"segment":"lost"');
      await page.goto(`${srv.url}/dashboard`);
      await page.waitForSelector('[data-model="segments"]');

      // readiness shows on the page while draining
      handler.setReady(false);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'draining', null, {
        timeout: 5000,
      });
    } finally {
      await context.close();
      await srv.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
