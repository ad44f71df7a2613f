// Layout by columns (issue 15 point 4): colour never changes wrapping, CJK counts two columns, URLs and commands are
// never split, and links become OSC 8 hyperlinks only on a terminal that shows them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../src/index';
import { renderText } from '../../src/render/text';
import { wrapText, clip } from '../../src/render/style';
import { displayWidth, linkify } from '../../src/text/width';
import { supportsHyperlinks } from '../../src/cli/hyperlinks';
import { excerpt } from '../../src/render/excerpt';

const ESC = /\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\/g;
const strip = (s: string) => s.replace(ESC, '');

function report(name: string) {
  const dir = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
  const text = readFileSync(dir + name, 'utf8');
  return diagnose([{ source: 'pasted text', text }], { gpus: [], live: false, source: { kind: 'bundle', path: name }, now: new Date('2026-01-01T00:00:00Z') });
}

describe('width and wrapping', () => {
  it('a coloured report wraps exactly like a plain one, at every width', () => {
    const r = report('chipset-group-sata-nic.txt');
    for (const width of [50, 80, 120]) {
      for (const verbose of [false, true]) {
        const plain = renderText(r, { width, verbose });
        expect(strip(renderText(r, { width, verbose, color: true, hyperlinks: true }))).toBe(plain);
      }
    }
  });

  it('counts CJK characters as two columns and colour codes as none', () => {
    const zh = '直通显卡之前，请先在固件设置里打开 VT-d 或者 AMD-Vi，然后在内核命令行加上 intel_iommu=on 再重启一次。';
    const lines = wrapText(zh.replace(/，/g, '， '), 30, '  ');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
    const coloured = wrapText(`\x1b[1mIOMMU\x1b[22m groups ${'word '.repeat(12)}`, 30);
    expect(coloured.map(strip)).toEqual(wrapText(`IOMMU groups ${'word '.repeat(12)}`, 30));
    expect(displayWidth(clip('显卡直通需要开启输入输出内存管理单元', 9))).toBeLessThanOrEqual(9);
    expect(displayWidth(excerpt('显卡直通需要 vfio-pci.ids=10de:2203 开启输入输出内存管理单元', 20, ['vfio-pci.ids=10de:2203']))).toBeLessThanOrEqual(20);
  });

  it('never splits a URL or a command inside prose', () => {
    const url = 'https://www.kernel.org/doc/html/latest/driver-api/vfio.html#vfio-usage-example';
    const lines = wrapText(`Read the kernel's example at ${url} before binding.`, 40, '  ');
    expect(lines).toContain(`  ${url}`);
    expect(lines.join('\n')).not.toContain('↪');
  });
});

describe('finding headings', () => {
  it('a wrapped heading hangs under its title: the rule id never starts a line of its own', () => {
    const out = renderText(report('grub-not-regenerated.txt'), { width: 60 }).split('\n');
    const heads = out.map((l, i) => [l, out[i + 1] ?? ''] as const).filter(([l]) => /^[✖▲ℹ↻] /.test(l));
    expect(heads.some(([, next]) => /^ {2}\[[\w-]+\]$/.test(next))).toBe(true);
    for (const [, next] of heads) expect(next).not.toMatch(/^\[/);
  });
});

describe('hyperlinks', () => {
  const tty = { TERM: 'xterm-256color' };
  it('are used only on a colour TTY of a terminal known to show them, or when forced', () => {
    expect(supportsHyperlinks({ ...tty, VTE_VERSION: '7600' }, true, true)).toBe(true);
    expect(supportsHyperlinks({ ...tty, TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.4.19' }, true, true)).toBe(true);
    expect(supportsHyperlinks({ ...tty, TERM_PROGRAM: 'iTerm.app', TERM_PROGRAM_VERSION: '3.0.0' }, true, true)).toBe(false);
    expect(supportsHyperlinks({ ...tty, WT_SESSION: 'x' }, true, true)).toBe(true);
    // Unknown terminal (tmux, the Linux console), piped, no colour, TERM=dumb, CI: plain text.
    expect(supportsHyperlinks({ TERM: 'screen-256color', TERM_PROGRAM: 'tmux' }, true, true)).toBe(false);
    expect(supportsHyperlinks({ ...tty, VTE_VERSION: '7600' }, false, true)).toBe(false);
    expect(supportsHyperlinks({ ...tty, VTE_VERSION: '7600' }, true, false)).toBe(false);
    expect(supportsHyperlinks({ TERM: 'dumb', VTE_VERSION: '7600' }, true, true)).toBe(false);
    expect(supportsHyperlinks({ ...tty, VTE_VERSION: '7600', CI: 'true' }, true, true)).toBe(false);
    expect(supportsHyperlinks({ ...tty, VTE_VERSION: '0.50.0' }, true, true)).toBe(false);
    // FORCE_HYPERLINK decides first, either way.
    expect(supportsHyperlinks({ FORCE_HYPERLINK: '1' }, false, false)).toBe(true);
    expect(supportsHyperlinks({ ...tty, VTE_VERSION: '7600', FORCE_HYPERLINK: '0' }, true, true)).toBe(false);
  });

  it('show the URL itself as the link text and link only printable ASCII URLs', () => {
    expect(linkify('see https://example.org/a?b=c.')).toBe('see \x1b]8;;https://example.org/a?b=c\x1b\\https://example.org/a?b=c\x1b]8;;\x1b\\.');
    expect(linkify('no link here')).toBe('no link here');
  });

  it('the verbose report links each finding\'s reading as an OSC 8 hyperlink when asked, plain otherwise', () => {
    const r = report('chipset-group-sata-nic.txt');
    const docs = r.findings.flatMap((f) => f.docs);
    expect(docs.length).toBeGreaterThan(0);
    const linked = renderText(r, { verbose: true, width: 80, hyperlinks: true });
    expect(linked).toContain(`\x1b]8;;${docs[0]}\x1b\\${docs[0]}\x1b]8;;\x1b\\`);
    const plain = renderText(r, { verbose: true, width: 80 });
    expect(plain).toContain(`Read more: ${docs[0]}`);
    expect(plain).not.toContain('\x1b');
  });
});
