// Builds the shipped program: the launcher dist/cli.cjs; the ESM program dist/main.js with lazily loaded chunks (the
// chat UI stays out of the report paths); dist/core.js, the report paths as one script, with dist/core.cache, its V8
// code cache made here by running it.
import { build } from 'esbuild';
import { readFileSync, rmSync, chmodSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { Script } from 'node:vm';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoBundle } from './demo-bundle.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * string-width (and the copy wrap-ansi carries) makes an Intl.Segmenter when it loads: 12-20 ms of ICU start-up on
 * every run, report runs included, where widths are mostly never measured (ASCII takes its fast path). Made on first
 * use instead; the module is otherwise unchanged.
 */
/**
 * string-width itself (and the copy wrap-ansi carries) loaded on the first width that needs it: its load builds
 * Unicode property expressions (~20 ms) that a --json run never uses (text/width.ts measures ASCII itself).
 */
const knownWidthFile = fileURLToPath(new URL('../src/text/known-width.ts', import.meta.url));
/** A package replaced by a stub that loads it on its first call; `stub(path)` is the stub's source. */
function lazyPackage(pkg, stub) {
  const namespace = `lazy-${pkg}`;
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${pkg}$`) }, async (a) => {
        if (a.pluginData?.real) return undefined;
        const r = await b.resolve(pkg, { resolveDir: a.resolveDir, kind: a.kind, pluginData: { real: true } });
        return r.errors.length ? undefined : { path: r.path, namespace };
      });
      b.onLoad({ filter: /.*/, namespace }, (a) => ({ contents: stub(a.path), loader: 'js', resolveDir: dirname(a.path) }));
    },
  };
}

// src/text/known-width.ts answers first: ASCII and a few narrow symbols need no tables.
const lazyStringWidth = lazyPackage(
  'string-width',
  (path) => `import { knownWidth } from ${JSON.stringify(knownWidthFile)};\nlet impl;\nexport default function stringWidth(s, o) {\n  const known = knownWidth(s, o);\n  if (known !== undefined) return known;\n  impl ??= require(${JSON.stringify(path)}).default;\n  return impl(s, o);\n}\n`,
);

/**
 * wrap-ansi in the core, loaded on the first text that is wrapped: its load builds ansi-styles' tables, which a --json
 * or Markdown report never uses (~0.5 ms of every run).
 */
const lazyWrapAnsi = lazyPackage(
  'wrap-ansi',
  (path) => `let impl;\nexport default function wrapAnsi(...args) {\n  impl ??= require(${JSON.stringify(path)}).default;\n  return impl(...args);\n}\n`,
);

const lazySegmenter = {
  name: 'lazy-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      const eager = 'const segmenter = new Intl.Segmenter();';
      if (!text.includes(eager)) return undefined;
      let contents = text.replace(eager, 'let segmenterInstance;\nconst segmenter = { segment: (s) => (segmenterInstance ??= new Intl.Segmenter()).segment(s) };');
      // V8 checks a /\p{RGI_Emoji}/v literal while parsing, ~15 ms: free from dist/core.js's code cache, but paid by the
      // ESM program (the chat) whenever the chunk loads, so there the expression is made on first use.
      const emoji = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
      if (b.initialOptions.format === 'esm' && contents.includes(emoji)) contents = contents.replace(emoji, () => "let rgiEmojiInstance;\nconst rgiEmojiRegex = { test: (s) => (rgiEmojiInstance ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(s) };");
      return { contents, loader: 'js' };
    });
  },
};
/**
 * yoga-layout (Ink's layout) reads its inlined wasm, a data: URL, with fetch() whenever fetch exists: on Node that
 * loads the built-in undici (and compiles its HTTP parser), ~20 ms before the chat's first frame, to decode a string.
 * Its own decoder (the path it takes without fetch) reads the same bytes from the same string. Both fetch() branches
 * become dead code, so the shipped program has no fetch() at all (test/hostile/privacy.test.ts).
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      const fetching = [
        ['function ya(){return w||"function"!=typeof fetch?', 'function ya(){return true?'],
        ['(function(){return w||"function"!=typeof WebAssembly.instantiateStreaming||ua(H)||"function"!=typeof fetch?c(b):fetch(', '(function(){return true?c(b):fetch('],
      ];
      if (!fetching.every(([from]) => text.includes(from))) return undefined;
      // Its decoder then turns the base64 into bytes with atob() and a loop over 71 KB (~2 ms before the chat's first
      // frame); Buffer decodes the same bytes natively.
      const decoding = 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c';
      const patched = fetching.reduce((t, [from, to]) => t.replace(from, () => to), text);
      return { contents: patched.replace(decoding, () => 'var d=Buffer.from(a.slice(37),"base64")'), loader: 'js' };
    });
  },
};
rmSync(dist, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // VFIO_DOCTOR_READABLE_BUILD=1 keeps names and layout, for reading a CPU profile.
  minify: process.env.VFIO_DOCTOR_READABLE_BUILD !== '1',
  sourcemap: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"' },
  loader: { '.md': 'text' },
  // ink imports react-devtools-core only in development; it is not a dependency.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  logLevel: 'warning',
  // Node 20 has the regular-expression v flag; written as literals, such expressions (string-width's emoji classes)
  // compile on first use, where new RegExp(…, 'v') compiled them all at load, 15 ms a run.
  supported: { 'regexp-set-notation': true },
};

// The launcher: CommonJS (node starts a .cjs script a few ms sooner than an ES module), no dependencies of its own.
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
});
chmodSync(join(dist, 'cli.cjs'), 0o755);
// `node dist/cli.js`, the entry's name before the launcher became CommonJS, still runs the same program.
writeFileSync(join(dist, 'cli.js'), "// The same program as dist/cli.cjs (its name before the launcher became CommonJS).\nimport './cli.cjs';\n");

// The helper thread that reads the back part of a big file (src/cli/lane-read.ts starts it).
await build({ ...common, entryPoints: ['src/cli/lane-worker.ts'], outfile: 'dist/lane-worker.cjs', format: 'cjs' });

await build({
  ...common,
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  // Ink imports its devtools (and with them the ws WebSocket library) when DEV=true is in the environment; the tool
  // never connects anywhere, so that module is replaced by an empty one.
  plugins: [
    lazyStringWidth,
    lazySegmenter,
    yogaWithoutFetch,
    {
      // Every rules/*/README.md as one module (src/knowledge/rule-docs.ts): the chat loads one chunk, not fifty.
      name: 'rule-docs',
      setup(b) {
        b.onResolve({ filter: /^virtual:rule-docs$/ }, () => ({ path: 'rule-docs', namespace: 'rule-docs' }));
        b.onLoad({ filter: /.*/, namespace: 'rule-docs' }, () => {
          const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
          const docs = {};
          for (const id of readdirSync(rulesDir).sort()) {
            try {
              docs[id] = readFileSync(join(rulesDir, id, 'README.md'), 'utf8');
            } catch {
              // not a rule folder
            }
            try {
              // The Chinese README beside it (src/i18n), keyed "id@zh".
              docs[`${id}@zh`] = readFileSync(join(rulesDir, id, 'README.zh.md'), 'utf8');
            } catch {
              // not translated
            }
          }
          return { contents: `export default ${JSON.stringify(docs)};`, loader: 'js' };
        });
      },
    },
    {
      name: 'no-ink-devtools',
      setup(b) {
        b.onResolve({ filter: /^\.\/devtools\.js$/ }, (a) => (/[\\/]ink[\\/]build[\\/]/.test(a.importer) ? { path: 'ink-devtools', namespace: 'no-devtools' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({ contents: 'export {};', loader: 'js' }));
      },
    },
  ],
  banner: { js: "import { createRequire as __vdCreateRequire } from 'node:module';\nconst require = __vdCreateRequire(import.meta.url);" },
});

// The rules' Chinese texts (rules/*/zh.ts), for the core: a separate file it requires only when a Chinese text is
// read, so an English run does not parse a third of the core for nothing. (The ESM program keeps them inline.)
const rulesDir = fileURLToPath(new URL('../rules/', import.meta.url));
const zhRules = readdirSync(rulesDir).filter((id) => {
  try {
    return readFileSync(join(rulesDir, id, 'zh.ts'), 'utf8').length > 0;
  } catch {
    return false;
  }
});
await build({
  ...common,
  stdin: {
    contents: zhRules.map((id, i) => `import * as r${i} from './rules/${id}/zh';`).join('\n') + `\nexport const rules = { ${zhRules.map((id, i) => `${JSON.stringify(id)}: r${i}`).join(', ')} };\n`,
    resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    loader: 'ts',
  },
  outfile: 'dist/zh.cjs',
  format: 'cjs',
});
/** In the core, `import { zh, … } from './zh'` of a rule becomes getters and forwarders that load dist/zh.cjs on first use. */
const lazyZh = {
  name: 'lazy-zh',
  setup(b) {
    b.onResolve({ filter: /^\.\/zh$/ }, (a) => (a.importer.startsWith(rulesDir) ? { path: a.importer.slice(rulesDir.length).split(/[\\/]/)[0], namespace: 'lazy-zh' } : undefined));
    b.onResolve({ filter: /^\.\/zh\.cjs$/ }, () => ({ path: './zh.cjs', external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-zh' }, (a) => {
      const id = a.path;
      const names = [...readFileSync(join(rulesDir, id, 'zh.ts'), 'utf8').matchAll(/^export (?:const|function) (\w+)/gm)].map((m) => m[1]);
      const lines = [`let m;`, `const load = () => (m ??= require('./zh.cjs').rules[${JSON.stringify(id)}]);`];
      for (const n of names) {
        if (n === 'zh') lines.push(`export const zh = { get title() { return load().zh.title; }, get summary() { return load().zh.summary; }, get messages() { return load().zh.messages; } };`);
        else lines.push(`export const ${n} = (...a) => load().${n}(...a);`);
      }
      return { contents: lines.join('\n'), loader: 'js', resolveDir: join(rulesDir, id) };
    });
  },
};

// The core: src/cli/run.ts as one function expression `(require) => exports`. What only the other commands use is
// left out (cli.ts sends those to dist/main.js): reaching a left-out module here would be a bug, and says so.
const LEFT_OUT = /^(?:ink|react|zod|execa|fuse\.js|\.\/(?:chat|commands\/(?:chat|collect|fix|undo|schema))|\.\.?\/(?:apply-flow|chat-apply)|(?:\.\.\/)+schema\/report|(?:\.\.\/)+(?:ui|knowledge|apply)\/.*)$/;
await build({
  ...common,
  entryPoints: ['src/cli/run.ts'],
  outfile: 'dist/core.js',
  format: 'iife',
  globalName: '__vfioDoctorCore',
  banner: { js: '(function (require) {' },
  footer: { js: 'return __vfioDoctorCore;\n})' },
  plugins: [
    lazyStringWidth,
    lazyWrapAnsi,
    lazySegmenter,
    lazyZh,
    {
      name: 'left-out',
      setup(b) {
        b.onResolve({ filter: LEFT_OUT }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, namespace: 'left-out' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'left-out' }, (a) => ({
          contents: `throw new Error(${JSON.stringify(`${a.path} is not in dist/core.js (cli.ts should have loaded dist/main.js)`)});`,
          loader: 'js',
        }));
      },
    },
  ],
});

const coreFile = join(dist, 'core.js');
// esbuild escapes non-ASCII characters everywhere but in regular-expression literals (│, ❯, …, the Chinese prompts):
// those few made all of core.js a two-byte string, which costs every run twice the memory and time to read and scan.
// Written as \uXXXX they match the same (an astral character's surrogate pair still makes one code point with the u
// or v flag); only such an expression's .source is spelled differently, and no report prints one.
writeFileSync(coreFile, readFileSync(coreFile, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

// Warm the core up on typical report runs, then keep V8's code cache of everything they compiled. The cache only
// saves compile time: V8 checks it against its own version and flags and ignores it (compiling as usual) if it differs.
const script = new Script(readFileSync(coreFile, 'utf8'), { filename: coreFile });
const core = script.runInThisContext()(createRequire(coreFile));
const tmp = mkdtempSync(join(tmpdir(), 'vfio-doctor-build-'));
try {
  const bundle = join(tmp, 'bundle.txt');
  writeFileSync(bundle, await demoBundle());
  const io = { stdout: () => {}, stderr: () => {}, stdin: () => Buffer.alloc(0), stdoutIsTTY: false, stdinIsTTY: false, columns: 100, env: { NO_COLOR: '1' } };
  const fx = (p) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
  const runs = [
    ['analyze', bundle, '--json'],
    ['analyze', bundle],
    ['analyze', bundle, '--markdown'],
    ['analyze', fx('pastes/rx6800-amdgpu.txt'), '--json'],
    ['analyze', fx('pastes/qemu-group-not-viable.txt'), '--json'],
    ['--root', fx('sysroots/seed-identical-3090ti'), '--json'],
    ['--root', fx('sysroots/healthy-rx6800')],
    ['rules'],
    ['--help'],
    // A report of the machine building it: collection reads files and runs read-only commands (systemd-detect-virt;
    // virsh -r only where libvirt listens), never writes. Without it a live report compiled its live-only code (the
    // kernel log from /dev/kmsg, the commands, the VM side) on every run: ~3 ms.
    ['--json'],
  ];
  for (const argv of runs) await core.run(argv, io);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(join(dist, 'core.cache'), script.createCachedData());
