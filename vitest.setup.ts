import fc from 'fast-check';

// Property tests are reproducible: a fixed seed by default (CI never flakes on a new random draw);
// `FC_SEED=random npm test` explores new cases, `FC_SEED=<n>` replays one.
const env = process.env.FC_SEED;
if (env !== 'random') fc.configureGlobal({ seed: env ? Number(env) : 20111209 });
