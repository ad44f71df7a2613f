// Builds the shipped bundle: dist/cli.js plus lazily loaded chunks (the chat UI stays out of the report paths).
import { build } from 'esbuild';
import { readFileSync, rmSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"' },
  loader: { '.md': 'text' },
  // ink imports react-devtools-core only in development; it is not a dependency.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __vdCreateRequire } from 'node:module';\nconst require = __vdCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
