import { recommenderLoader } from '@retailkit/basket';
import type { PredictorLoader } from '@retailkit/core';
import { forecasterLoader } from '@retailkit/forecast';
import { pricingLoader } from '@retailkit/pricing';
import { customerValueLoader, segmenterLoader } from '@retailkit/rfm';

/**
 * The analytics packages' artifact loaders, one per model kind: what `retailkit serve` passes to `serveModels`.
 * A module that exports `loaders` can also be named by its specifier (`serveModels({ loaders: '…/loaders.js' })`,
 * `serve.mjs --loaders`), which is how the container image loads them.
 */
export const loaders: PredictorLoader[] = [
  segmenterLoader,
  customerValueLoader,
  recommenderLoader,
  forecasterLoader,
  pricingLoader,
];
