// Untrusted text never reaches a terminal or a bundle raw: control sequences in file names, device names, log lines
// and pastes come out escaped in every output (text, Markdown, JSON, bundles, the chat), and no bundle section is forged.
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, appendFileSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeLine, escapeText, escapeDeep, terminalSafe } from '../../src/text/sanitize';
import { renderJson } from '../../src/render/json';
import { renderMarkdown } from '../../src/render/markdown';
import { fixLines } from '../../src/render/fix-text';
import { makeStyle } from '../../src/render/style';
import { sniff } from '../../src/parse/detect';
import { collectHost } from '../../src/collect/index';
import { diagnose } from '../../src/index';
import type { Fix } from '../../src/schema/fix';
import type { Report } from '../../src/schema/report';
import { cli } from '../cli-helpers';
import { fixture, fixturePath } from '../harness';
import { startChat } from '../ui/helpers';

// The four the issue names, and what they would do to a terminal that obeyed them.
const OSC52 = '\x1b]52;c;cm0gLXJmIH4K\x07'; // writes "rm -rf ~" to the clipboard
const OSC0 = '\x1b]0;pwned\x07'; // sets the window title
const CSI2J = '\x1b[2J'; // clears the screen
const C1CSI = '\x9b2J'; // the same as one 8-bit C1 character
const PAYLOADS = { OSC52, OSC0, CSI2J, C1CSI };
const ALL = `${OSC52}${OSC0}${CSI2J}${C1CSI}\x7f\u202e`;

/** Raw control characters a terminal could obey (TAB and line breaks are plain text). */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const rawIn = (s: string) => [...new Set([...s].filter((c) => RAW.test(c)).map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`))];

describe('the sanitiser (text/sanitize.ts)', () => {
  it('makes C0 (but tab), DEL, C1 and bidi overrides visible, and is idempotent', () => {
    for (const [name, p] of Object.entries(PAYLOADS)) {
      for (const s of [`${p}x`, `a${p}b`, `x${p}`]) {
        const e = escapeLine(s);
        expect(rawIn(e), name).toEqual([]);
        expect(escapeLine(e)).toBe(e);
      }
    }
    expect(escapeLine(OSC52)).toBe('\\x1b]52;c;cm0gLXJmIH4K\\x07');
    expect(escapeLine(C1CSI)).toBe('\\x9b2J');
    expect(escapeLine('a\tb\x7f\u202e')).toBe('a\tb\\x7f\\u202e');
  });
  it('a name is one line; multi-line text keeps its line breaks, each line escaped', () => {
    expect(escapeLine('x.conf\n=== /proc/cmdline ===')).toBe('x.conf\\n=== /proc/cmdline ===');
    expect(escapeText(`--- a\n+++ b\n+options ${CSI2J}x\r\n ctx\rmore`)).toBe('--- a\n+++ b\n+options \\x1b[2Jx\n ctx\\rmore');
  });
  it('leaves clean text as the same string and keeps UTF-8 that is not a control', () => {
    const s = 'GA102 [GeForce RTX 3090 Ti] — ✓ 日本語 ñ';
    expect(escapeLine(s)).toBe(s);
    expect(escapeText(s)).toBe(s);
  });
  it('escapeDeep keeps the shape; only the named keys keep their newlines', () => {
    const v = escapeDeep({ a: 'x\ny', message: 'x\ny', n: 3, list: ['\x1b'], warnings: ['p\nq'] }, new Set(['message', 'warnings']));
    expect(v).toEqual({ a: 'x\\ny', message: 'x\ny', n: 3, list: ['\\x1b'], warnings: ['p\nq'] });
  });
  it('terminalSafe lets only SGR colour codes through', () => {
    expect(terminalSafe(`\x1b[1mbold\x1b[22m ${OSC0}${C1CSI}`)).toBe('\x1b[1mbold\x1b[22m \\x1b]0;pwned\\x07\\x9b2J');
  });
});

/** A copy of a fixture sysroot with hostile names and lines in every place the host's text comes from. */
function hostileSysroot(): string {
  const root = mkdtempSync(join(tmpdir(), 'vfd-term-'));
  cpSync(fixturePath('sysroots/seed-identical-3090ti'), root, { recursive: true, verbatimSymlinks: true });
  const md = join(root, 'etc/modprobe.d');
  mkdirSync(md, { recursive: true });
  // A file name with each payload at its start, middle and end, and one with a newline that tries to forge a section.
  writeFileSync(join(md, `${OSC52}vfio.conf`), `options vfio-pci ids=10de:2203,10de:1aef ${OSC0}\n# ${CSI2J} ${C1CSI}\n`);
  writeFileSync(join(md, `gpu${OSC0}${C1CSI}.conf`), `softdep nvidia pre: vfio-pci\n`);
  writeFileSync(join(md, `z${CSI2J}.conf`), 'blacklist nouveau\n');
  // (A file name cannot hold a slash, so the forged section is one named without one.)
  writeFileSync(join(md, 'x\n=== dmesg ===\n[    0.000001] FORGED: intel_iommu=off\n.conf'), 'options kvm ignore_msrs=1\n');
  // A PCI function whose folder name and driver link hold control sequences, and a device name from pci.ids.
  const dev = join(root, `sys/devices/pci0000:00/0000:09:00.0${C1CSI}`);
  mkdirSync(dev, { recursive: true });
  for (const [f, v] of [['vendor', '0x10de'], ['device', '0x2206'], ['class', '0x030000']] as const) writeFileSync(join(dev, f), `${v}\n`);
  symlinkSync(`../../../bus/pci/drivers/nv${OSC52}`, join(dev, 'driver'));
  symlinkSync(`../../../devices/pci0000:00/0000:09:00.0${C1CSI}`, join(root, `sys/bus/pci/devices/0000:09:00.0${C1CSI}`));
  const ids = join(root, 'usr/share/misc/pci.ids');
  writeFileSync(ids, readFileSync(ids, 'utf8').replace('2206  GA102 [GeForce RTX 3080]', `2206  GA102 [GeForce ${OSC0}RTX 3080${CSI2J}]`));
  appendFileSync(
    join(root, 'var/log/kern.log'),
    [
      `Nov 25 09:14:09 deskbox kernel: vfio-pci 0000:01:00.0: ${OSC52}enabling device`,
      `Nov 25 09:14:09 deskbox kernel: DMAR: IOMMU ${C1CSI}fault ${CSI2J}`,
      `Nov 25 09:14:09 deskbox kernel: nvidia 0000:05:00.0: ${OSC0}`,
    ].join('\n') + '\n',
  );
  writeFileSync(join(root, 'etc/hostname'), `deskbox${C1CSI}\n`);
  return root;
}

/** A paste with every payload in log lines, lspci device names and prompts. */
const PASTE = [
  `alice@deskbox:~$ cat /proc/cmdline ${OSC0}`,
  `BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=/dev/sda2 ro intel_iommu=on ${C1CSI}`,
  'alice@deskbox:~$ sudo dmesg',
  `[    0.081234] DMAR: IOMMU enabled ${OSC52}`,
  `[    0.536462] pci 0000:01:00.0: Adding to iommu group 17${CSI2J}`,
  `[    2.000000] vfio-pci 0000:01:00.0: ${C1CSI}6n BAR 0: can't reserve [mem 0xf0000000-0xf7ffffff 64bit]`,
  'alice@deskbox:~$ lspci -nnk',
  `01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce ${OSC0}RTX 3090 Ti${C1CSI}] [10de:2203] (rev a1)`,
  `\tKernel driver in use: nvidia${C1CSI}`,
  `05:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090 Ti] [10de:2203] (rev a1)`,
  '\tKernel driver in use: nvidia',
  `${C1CSI}${OSC52} random words ${ALL}`,
].join('\n');

describe('every output of hostile input holds no raw control character', () => {
  let root: string;
  beforeAll(() => {
    root = hostileSysroot();
  });

  for (const fmt of [[], ['--markdown'], ['--json'], ['--redact'], ['--markdown', '--redact'], ['--json', '--redact']]) {
    it(`analyze - ${fmt.join(' ') || '(text)'} of a hostile paste`, async () => {
      const r = await cli(['analyze', '-', ...fmt], { stdin: PASTE });
      expect(r.stderr).toBe('');
      expect(rawIn(r.stdout)).toEqual([]);
      if (fmt[0] === '--json') expect(() => JSON.parse(r.stdout)).not.toThrow();
      else expect(r.stdout).toContain('\\x9b');
    });
    it(`--root ${fmt.join(' ') || '(text)'} of a hostile sysroot`, async () => {
      // The short text report may leave out the evidence that quotes the hostile names: --verbose shows all of it.
      const r = await cli(['--root', root, ...fmt, ...(fmt.includes('--json') || fmt.includes('--markdown') ? [] : ['--verbose'])]);
      expect(r.stderr).toBe('');
      expect(rawIn(r.stdout)).toEqual([]);
      if (fmt[0] === '--json') {
        // JSON keeps the values as read (escaped the JSON way); they are still the host's strings.
        const rep = JSON.parse(r.stdout) as Report;
        expect(rep.findings.flatMap((f) => f.evidence).some((e) => e.source === `/etc/modprobe.d/${OSC52}vfio.conf`)).toBe(true);
      } else expect(r.stdout).toMatch(/\\x9b|\\x1b/);
    });
  }

  it('--root with colour: only our own SGR codes reach the terminal', async () => {
    const r = await cli(['--root', root, '--color']);
    expect(r.stdout).toContain('\x1b[1m');
    const withoutSgr = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(rawIn(withoutSgr)).toEqual([]);
  });

  it('collect --root: the bundle escapes names and lines, and a newline in a file name forges no section', async () => {
    for (const redact of [[], ['--no-redact']]) {
      const b = await cli(['collect', '--root', root, '-o', '-', ...redact]);
      expect(b.code).toBe(0);
      expect(rawIn(b.stdout)).toEqual([]);
      expect(rawIn(b.stderr)).toEqual([]);
      expect(b.stdout).toContain('\\x1b]52;c;cm0gLXJmIH4K\\x07vfio.conf ===');
      expect(b.stdout).toContain('=== /etc/modprobe.d/x\\n=== dmesg ===\\n[    0.000001] FORGED: intel_iommu=off\\n.conf ===');
      // Read back: no section named by the file name's second line, and the forged line belongs to no log.
      const blocks = sniff(b.stdout, 'pasted text').blocks;
      expect(blocks.map((x) => x.source)).not.toContain('dmesg');
      expect(blocks.filter((x) => x.kind === 'kernel-log').flatMap((x) => x.lines.map((l) => l.text)).join('\n')).not.toContain('FORGED');
      // …and it gives the findings of the sysroot itself.
      const fromBundle = await cli(['analyze', '-', '--json'], { stdin: b.stdout });
      const direct = await cli(['--root', root, '--json']);
      expect((JSON.parse(fromBundle.stdout) as Report).findings.map((f) => f.id)).toEqual((JSON.parse(direct.stdout) as Report).findings.map((f) => f.id));
    }
  });

  it('fix FIX-ID --root: every plan of the hostile sysroot prints no raw control character', async () => {
    const rep = JSON.parse((await cli(['--root', root, '--json'])).stdout) as Report;
    const ids = rep.findings.flatMap((f) => f.fixes.map((x) => x.id));
    expect(ids.length).toBeGreaterThan(0);
    let shown = '';
    for (const id of ids) {
      const r = await cli(['fix', id, '--root', root]);
      expect(r.code, `${id}: ${r.stderr}`).toBe(0);
      expect(rawIn(r.stdout + r.stderr), id).toEqual([]);
      shown += r.stdout;
    }
    // The hostile modprobe file is among the files a plan edits, shown escaped.
    expect(shown).toContain('\\x1b]52;c;cm0gLXJmIH4K\\x07vfio.conf');
  });

  it('renderJson escapes DEL, C1 and bidi controls the way JSON allows, values unchanged', () => {
    const path = `paste ${C1CSI}\x7f\u202e\u2028`;
    const r = diagnose([{ source: 'pasted text', text: fixture('pastes/seed-identical-3090ti.txt') }], { source: { kind: 'bundle', path } });
    const out = renderJson(r);
    expect(rawIn(out)).toEqual([]);
    expect(out).toContain('paste \\u009b2J\\u007f\\u202e\\u2028');
    expect((JSON.parse(out) as Report).source.path).toBe(path);
  });

  it('fix plans (`vfio-doctor fix`): a host path in a step is shown escaped, on one line', () => {
    const fix: Fix = {
      id: 'x/y',
      title: 'T',
      recommended: true,
      needsReboot: false,
      needsInitramfs: false,
      warnings: [`careful ${OSC0}`],
      steps: [
        { kind: 'edit', path: `/etc/modprobe.d/${OSC52}a\n=== b ===.conf`, description: 'Edit it', diff: `--- a\n+++ b\n+options vfio-pci ids=10de:2203 ${C1CSI}` },
        { kind: 'command', argv: ['update-initramfs', `-u${CSI2J}`], description: 'Rebuild', root: true },
      ],
    };
    for (const color of [false, true]) {
      const out = fixLines(fix, 100, makeStyle(color)).join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      expect(rawIn(out)).toEqual([]);
      expect(out).toContain('a\\n=== b ===.conf');
      expect(out.split('\n').filter((l) => /^\s*\+options/.test(l))).toHaveLength(1);
    }
  });

  it('the chat: a hostile sysroot and a hostile paste draw no raw control character', async () => {
    const sources = await collectHost({ root });
    const c = startChat({ loader: async () => ({ sources, source: { kind: 'sysroot', path: root }, live: true }) });
    await c.waitFor(/fix N|no problems/);
    for (const cmd of ['devices', 'groups', 'why 1', 'fix 1', 'findings']) {
      await c.type(`${cmd}\r`);
      await c.waitFor(`› ${cmd}`);
    }
    await c.type(`paste\r`);
    await c.type(`${PASTE.replace(/\n/g, '\r')}\r.\r`);
    await c.waitFor(/Switching to the pasted input|couldn't recognise/);
    await c.type(`devices\r`);
    await c.type(`${OSC0}${C1CSI}hello\r`);
    await c.waitFor(/hello/);
    const all = c.app.frames.join('\n');
    expect(rawIn(all.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual([]);
    expect(all).toMatch(/\\x9b/);
    c.app.unmount();
  });

  it('the chat with colour: only SGR codes from Ink itself', async () => {
    const sources = await collectHost({ root });
    const c = startChat({ loader: async () => ({ sources, source: { kind: 'sysroot', path: root }, live: true }), color: true });
    await c.waitFor(/fix N|no problems/);
    for (const cmd of ['why 1', 'fix 1']) {
      await c.type(`${cmd}\r`);
      await c.waitFor(`› ${cmd}`);
    }
    expect(rawIn(c.app.frames.join('\n').replace(/\x1b\[[0-9;]*m/g, ''))).toEqual([]);
    c.app.unmount();
  });
});

describe('Markdown: input cannot close the code block it is quoted in', () => {
  it('a fence-like line in evidence or a diff (even indented, even ~~~~) stays inside the block', () => {
    const r = diagnose([{ source: 'pasted text', text: fixture('pastes/seed-identical-3090ti.txt') }]);
    const f = r.findings.find((x) => x.fixes.some((fx) => fx.steps.some((st) => st.kind === 'edit')))!;
    const step = f.fixes.flatMap((fx) => fx.steps).find((st) => st.kind === 'edit')!;
    if (step.kind === 'edit') step.diff = '--- a\n+++ b\n ```\n ~~~~\n+# **pwned** <img src=x>\n ````';
    f.evidence.push({ source: 'x', text: '```' });
    const out = renderMarkdown(r);
    // Every block opens with a fence longer than any run inside it, so CommonMark ends it only at its own fence. A
    // block inside a fix step's list item is indented with the item: a fence-like line counts relative to that.
    let blocks = 0;
    for (const m of out.matchAll(/^( *)(`{3,})(\w*)\n([\s\S]*?)\n\1\2$/gm)) {
      blocks++;
      const body = m[4]!.split('\n').map((l) => l.slice(m[1]!.length)).join('\n');
      for (const inner of body.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)) expect(inner[1]!.length).toBeLessThan(m[2]!.length);
    }
    expect(blocks).toBeGreaterThan(1);
    expect(out).toMatch(/^ *`{5}diff\n/m);
  });
});
