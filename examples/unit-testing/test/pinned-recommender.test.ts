import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recommenderFromJSON } from '@retailkit/basket';
import { isRetailKitError } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { crossSell } from '../src/index.js';
import { fitShopRecommender, shop } from './shop.js';

/**
 * The cart page's model is pinned: `fixtures/recommender.json` is the artifact fitted on the generated shop, and this
 * test refits it and compares checksums, so any change to the model (a new basket package version, other options,
 * other seeds) fails here and lands in review as a diff of that file.
 *
 * To accept a deliberate change, rewrite the file, read its diff (which rules moved), and commit it:
 *
 *   UPDATE_PINNED=1 npx vitest run examples/unit-testing/test/pinned-recommender.test.ts
 *   git diff examples/unit-testing/test/fixtures/recommender.json
 */
const PINNED = fileURLToPath(new URL('./fixtures/recommender.json', import.meta.url));
const HOW_TO_UPDATE =
  'the cart-page recommender changed; if intended, run UPDATE_PINNED=1 npx vitest run ' +
  'examples/unit-testing/test/pinned-recommender.test.ts, review the diff of test/fixtures/recommender.json, commit it';

describe('the pinned cart-page recommender', () => {
  const { frame } = shop();
  // a smaller model than the cross-sell tests' (16 rules), so its artifact stays small enough to review
  const fitted = fitShopRecommender(frame, { minSupport: 0.03, minThreshold: 0.5 }).model.toJSON();
  if (process.env.UPDATE_PINNED === '1') writeFileSync(PINNED, `${JSON.stringify(fitted, null, 2)}\n`);
  const pinned = JSON.parse(readFileSync(PINNED, 'utf8'));

  it('refits to the committed artifact: same checksum, same training data fingerprint', () => {
    expect(fitted.checksum, HOW_TO_UPDATE).toBe(pinned.checksum);
    expect(fitted.trainingFingerprint, HOW_TO_UPDATE).toBe(pinned.trainingFingerprint);
  });

  it('loads from the committed file (its checksum verified) and completes the teacups on the cart page', () => {
    const model = recommenderFromJSON(pinned);
    const stock = new Map([['22698', 12]]);
    expect(crossSell(model, ['22697', '22699'], stock).map((r) => r.item)).toEqual(['22698']);
  });

  it('refuses a hand-edited artifact: edits go through a refit, not the file', () => {
    const edited = structuredClone(pinned);
    edited.params.rules[0].confidence = 0.5;
    let caught: unknown;
    try {
      recommenderFromJSON(edited);
    } catch (e) {
      caught = e;
    }
    expect(isRetailKitError(caught) && caught.code).toBe('ARTIFACT_CHECKSUM');
  });
});
