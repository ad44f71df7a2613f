// The presentation model: what blocks a fix step, a fix and a finding yield, that every output words them the same,
// and that no block (so no output) carries a raw control character from input.
import { describe, it, expect } from 'vitest';
import { stepBlocks, fixBlocks, stepSummary } from '../src/render/fix-blocks';
import { findingBlocks } from '../src/render/finding-blocks';
import { plain, type Block } from '../src/render/blocks';
import { blocksToText } from '../src/render/text-blocks';
import { blocksToMarkdown } from '../src/render/markdown-blocks';
import { blocksToLines } from '../src/ui/views/blocks';
import { lineText } from '../src/ui/lines';
import { makeStyle } from '../src/render/style';
import { diagnose } from '../src/index';
import { readFileSync } from 'node:fs';
import type { Fix, FixStep } from '../src/schema/fix';
import type { Finding } from '../src/schema/finding';
import type { Report } from '../src/schema/report';

const edit = (over: Partial<Extract<FixStep, { kind: 'edit' }>>): FixStep => ({ kind: 'edit', path: '/etc/modules-load.d/kvm.conf', description: 'Load it at every boot', ...over }) as FixStep;
const para = (b: Block | undefined) => (b?.kind === 'paragraph' ? plain(b.text) : undefined);
const kinds = (bs: Block[]) => bs.map((b) => b.kind);

describe('a fix step yields one paragraph saying what to do, then what it carries', () => {
  it('an edit names its file when the description does not, then its diff', () => {
    const bs = stepBlocks(edit({ diff: '+kvm_amd' }));
    expect(kinds(bs)).toEqual(['paragraph', 'diff']);
    expect(para(bs[0])).toBe('Load it at every boot (/etc/modules-load.d/kvm.conf):');
    expect(bs[0]!.kind === 'paragraph' && bs[0]!.text.find((s) => s.tone === 'path')?.text).toBe('/etc/modules-load.d/kvm.conf');
  });

  it('an edit that names its file does not repeat it; a new file is a file block with its mode', () => {
    const bs = stepBlocks(edit({ description: 'Create /etc/modules-load.d/kvm.conf', content: 'kvm_amd\n', mode: '0644' }));
    expect(kinds(bs)).toEqual(['paragraph', 'file']);
    expect(para(bs[0])).toBe('Create /etc/modules-load.d/kvm.conf, mode 0644:');
    expect(bs[1]).toEqual({ kind: 'file', content: 'kvm_amd' });
  });

  it('an edit already made is one paragraph, and one without a known text has no colon', () => {
    expect(stepBlocks(edit({ noop: true, diff: '+x' })).map(para)).toEqual(['Load it at every boot — already done.']);
    expect(stepBlocks(edit({})).map(para)).toEqual(['Load it at every boot (/etc/modules-load.d/kvm.conf)']);
  });

  it('a command is quoted as typed, with sudo when it needs root', () => {
    const bs = stepBlocks({ kind: 'command', argv: ['sh', '-c', "echo 'x' > /y"], description: 'Write it', root: true });
    expect(para(bs[0])).toBe('Write it:');
    expect(bs[1]).toEqual({ kind: 'command', line: `sudo sh -c 'echo '\\''x'\\'' > /y'` });
  });

  it('a reboot and a manual step are one paragraph each', () => {
    expect(stepBlocks({ kind: 'reboot', description: 'The new command line takes effect at the next boot.' }).map(para)).toEqual(['Reboot — the new command line takes effect at the next boot.']);
    expect(stepBlocks({ kind: 'manual', description: 'Enable VT-d in the firmware.' }).map(para)).toEqual(['Enable VT-d in the firmware.']);
  });

  it('a check carries its command and what it should print; an expectation without a command is still shown', () => {
    const bs = stepBlocks({ kind: 'verify', description: 'vfio-pci owns the GPU', argv: ['lspci', '-nnk'], expect: 'vfio-pci' });
    expect(para(bs[0])).toBe('Check: vfio-pci owns the GPU');
    expect(bs[1]).toEqual({ kind: 'command', line: 'lspci -nnk', expect: 'vfio-pci' });
    expect(stepBlocks({ kind: 'verify', description: 'It boots', expect: 'a login prompt' }).map(para)).toEqual(['Check: It boots', 'expect: a login prompt']);
  });
});

const FIX: Fix = {
  id: 'kvm-unavailable/modules-load',
  title: 'Load kvm_amd',
  variant: 'systemd',
  recommended: true,
  needsReboot: true,
  needsInitramfs: false,
  warnings: ['Only on AMD CPUs.'],
  steps: [edit({ diff: '--- a\n+++ b\n+kvm_amd' }), { kind: 'command', argv: ['modprobe', 'kvm_amd'], description: 'Load it now', root: true }, { kind: 'reboot', description: 'Boot once to be sure.' }, { kind: 'verify', description: '/dev/kvm exists', argv: ['ls', '/dev/kvm'], expect: '/dev/kvm' }],
};

describe('a step in one line (the chat\'s answers list steps so)', () => {
  it('is the step\'s own paragraph without the colon that led to its diff or command', () => {
    expect(plain(stepSummary(edit({ diff: '+kvm_amd' })))).toBe('Load it at every boot (/etc/modules-load.d/kvm.conf)');
    expect(plain(stepSummary({ kind: 'command', argv: ['update-grub'], description: 'Regenerate it', root: true }))).toBe('Regenerate it');
    expect(plain(stepSummary({ kind: 'reboot', description: 'It takes effect then.' }))).toBe('Reboot — it takes effect then.');
  });
});

describe('a fix yields its heading, id, warnings and numbered steps', () => {
  it('in that order, the heading saying what the variant entails', () => {
    const bs = fixBlocks(FIX);
    expect(kinds(bs)).toEqual(['heading', 'paragraph', 'paragraph', 'list']);
    expect(bs[0]!.kind === 'heading' && plain(bs[0]!.text)).toBe('Fix: Load kvm_amd (systemd, needs a reboot)');
    expect(para(bs[1])).toBe('fix id: kvm-unavailable/modules-load');
    expect(bs[2]).toMatchObject({ kind: 'paragraph', role: 'warning' });
    expect(bs[3]!.kind === 'list' && bs[3]!.items.length).toBe(4);
  });

  it('is worded the same by the text report, Markdown and the chat: each step\'s words appear in all three', () => {
    const bs = fixBlocks(FIX);
    const text = blocksToText(bs, { width: 400, style: makeStyle(false), indent: '' }).join('\n');
    const md = blocksToMarkdown(bs).join('\n').replace(/\*\*|`/g, '');
    const chat = blocksToLines(bs, 400).map(lineText).join('\n');
    const list = bs[3]!.kind === 'list' ? bs[3]!.items : [];
    for (const item of list) {
      const words = para(item[0])!.replace(/\s+/g, ' ');
      for (const [name, out] of [['text', text], ['markdown', md], ['chat', chat]] as const) expect(out, `${name}: ${words}`).toContain(words);
    }
    for (const out of [text, md, chat]) expect(out).toContain('sudo modprobe kvm_amd');
  });
});

describe('a finding yields its heading, status, cause, message, evidence and fixes', () => {
  const r = diagnose([{ source: 'pasted text', text: readFileSync(new URL('../fixtures/pastes/grub-not-regenerated.txt', import.meta.url), 'utf8') }], { live: false });
  // The finding with the most fix variants.
  const f = [...r.findings].sort((a, b) => b.fixes.length - a.fixes.length)[0]!;

  it('the heading carries the severity and rule id; the message and evidence follow', () => {
    const bs = findingBlocks(f, r, { others: 'index' });
    expect(bs[0]).toMatchObject({ kind: 'heading', level: 3, severity: f.severity, ruleId: f.id });
    expect(bs.find((b) => b.kind === 'paragraph' && plain(b.text) === f.message)).toBeDefined();
    const ev = bs.find((b) => b.kind === 'evidence');
    expect(ev?.kind === 'evidence' && ev.items.map((e) => e.text)).toEqual(f.evidence.map((e) => e.text));
    expect(bs.filter((b) => b.kind === 'heading' && b.level === 4)).toHaveLength(Math.min(1, f.fixes.length));
  });

  it('other variants: an index line, a skippable group of whole fixes, or every fix in full', () => {
    expect(f.fixes.length).toBeGreaterThan(1);
    const fixHeadings = (bs: Block[]): number => bs.reduce((n, b) => n + (b.kind === 'heading' && b.level === 4 ? 1 : b.kind === 'details' ? fixHeadings(b.blocks) : 0), 0);
    expect(fixHeadings(findingBlocks(f, r, { others: 'all' }))).toBe(f.fixes.length);
    expect(fixHeadings(findingBlocks(f, r, { others: 'details' }))).toBe(f.fixes.length);
    const index = findingBlocks(f, r, { others: 'index' });
    expect(fixHeadings(index)).toBe(1);
    expect(para(index.at(-1))).toMatch(/^Other variants: .* — show one with: vfio-doctor fix <id>$/);
  });

  it('a pending fix and a root cause are said once, for every output', () => {
    const pending: Finding = { ...f, status: 'pending-reboot', rootCause: 'cmdline-config-drift' };
    const texts = findingBlocks(pending, r, { others: 'index' }).map(para);
    expect(texts).toContain('✓ Applied in the configuration — takes effect at the next boot.');
    // The cause by its title when it is in the report, else by its id.
    expect(texts).toContain('↳ a consequence of: Configured kernel parameters are not active [cmdline-config-drift] — fix that first.');
    const absent = findingBlocks({ ...f, rootCause: 'kvm-unavailable' }, r, { others: 'index' }).map(para);
    expect(absent).toContain('↳ a consequence of: kvm-unavailable [kvm-unavailable] — fix that first.');
  });
});

describe('no block carries a raw control character, so no output does', () => {
  const ESC = '\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202e\x9b';
  const hostile: Fix = {
    ...FIX,
    title: `Load${ESC}`,
    warnings: [`warn${ESC}`],
    steps: [edit({ path: `/etc/x${ESC}\nforged`, description: `Edit${ESC}`, diff: `+a${ESC}\n-b` }), edit({ path: '/y', description: 'New', content: `c${ESC}` }), { kind: 'command', argv: ['echo', ESC], description: `Run${ESC}`, root: true }, { kind: 'verify', description: 'v', argv: ['cat', ESC], expect: ESC }],
  };
  const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);

  it('in the blocks of a fix and of a finding', () => {
    for (const s of strings(fixBlocks(hostile))) expect(s).not.toMatch(RAW);
    const f: Finding = { id: 'x', severity: 'error', title: `T${ESC}`, message: `M${ESC}`, evidence: [{ source: `s${ESC}`, line: 3, text: `e${ESC}` }], fixes: [hostile], docs: [], devices: [] };
    const r = { findings: [f], targets: { gpus: [], reason: '' }, devices: [] } as unknown as Report;
    for (const s of strings(findingBlocks(f, r, { others: 'all' }))) expect(s).not.toMatch(RAW);
  });

  it('in every serialiser, and a path with a newline stays on one line', () => {
    const bs = fixBlocks(hostile);
    const outs = [blocksToText(bs, { width: 100, style: makeStyle(false), indent: '' }).join('\n'), blocksToMarkdown(bs).join('\n'), blocksToLines(bs, 100).map(lineText).join('\n')];
    for (const out of outs) {
      expect(out).not.toMatch(RAW);
      expect(out).toContain('\\x1b]52');
      expect(out).toContain('/etc/x\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\u202e\\x9b\\nforged');
    }
  });
});
