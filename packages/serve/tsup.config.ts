import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  tsconfig: '../../tsconfig.build.json',
  // the analytics packages are found at run time by `builtinLoaders` (dynamic import); never bundle them
  external: ['@retailkit/rfm', '@retailkit/basket', '@retailkit/forecast'],
});
