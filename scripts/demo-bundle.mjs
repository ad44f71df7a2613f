// The demo host's support bundle (DEMO_BUNDLE of src/demo/seed-bundle.ts) as a string, for the build and the bench.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Compiled from the TypeScript source on the spot: the scripts run before (or without) a build. */
export async function demoBundle() {
  // Imported here, not at the top: esbuild is a dev dependency and only this function needs it.
  const { transformSync } = await import('esbuild');
  const src = readFileSync(fileURLToPath(new URL('../src/demo/seed-bundle.ts', import.meta.url)), 'utf8');
  const m = { exports: {} };
  new Function('module', 'exports', transformSync(src, { loader: 'ts', format: 'cjs' }).code)(m, m.exports);
  return m.exports.DEMO_BUNDLE;
}
