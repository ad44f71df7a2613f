// Materialises the sysroot fixtures (fixtures/sysroots/<name>/) from their specs (fixtures/sysroots-src/<name>.json);
// the layout itself is scripts/sysroot-layout.mjs. Run: npm run fixtures:sysroots
import { rmSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSysroot } from './sysroot-layout.mjs';

const SRC = new URL('../fixtures/sysroots-src/', import.meta.url).pathname;
const OUT = new URL('../fixtures/sysroots/', import.meta.url).pathname;

for (const f of readdirSync(SRC).filter((f) => f.endsWith('.json'))) {
  const name = f.replace(/\.json$/, '');
  const root = join(OUT, name);
  // From scratch: a device or file dropped from a spec must not linger in its tree.
  rmSync(root, { recursive: true, force: true });
  buildSysroot(root, JSON.parse(readFileSync(join(SRC, f), 'utf8')));
  console.log(`built fixtures/sysroots/${name}`);
}
