// Kernel lines a forum broke in two are joined back, and a pastebin page's line numbers are taken off (paste-repair.ts);
// both conservatively, and the big-input lane reads such pastes as the plain path does.
import { afterEach, describe, expect, it } from 'vitest';
import { joinWrapped } from '../../src/parse/paste-repair';
import { diagnose } from '../../src/index';
import { laneLines, logLaneTuning } from '../../src/parse/log-lane';
import { parse, dev, lines, unparsedTexts } from './helpers';

const NOW = new Date('2026-01-01T00:00:00Z');
const DEFAULT = { ...logLaneTuning };
afterEach(() => Object.assign(logLaneTuning, DEFAULT));

// The BAR line of fixtures/real/b-harvester-p5000-bar1-efifb (github.com/harvester/harvester, a P5000 whose BAR 1 efifb
// holds), as a forum that wraps at a word breaks it: the resource's flags go to the next line.
const BAR = '[Wed Jun 12 02:42:37 2024] vfio-pci 0000:b3:00.0: BAR 1: can’t reserve [mem 0xe0000000-0xefffffff 64bit pref]';
const broken = (line: string, at: string) => {
  const i = line.indexOf(at);
  return [line.slice(0, i).trimEnd(), line.slice(i)];
};

describe('kernel lines a forum broke in two', () => {
  it('joins "… [mem 0xe0000000-0xefffffff" + "64bit pref]" back into the one message; nothing is left unknown', () => {
    const f = parse(lines(...broken(BAR, '64bit pref]')));
    expect(f.kernelLog.map((l) => l.message)).toEqual(["vfio-pci 0000:b3:00.0: BAR 1: can't reserve [mem 0xe0000000-0xefffffff 64bit pref]"]);
    expect(f.unparsed.count).toBe(0);
  });

  it('joins without a space where a fixed-width wrap broke inside a number, and a vendor:device pair too', () => {
    expect(joinWrapped('[    0.512345] pci 0000:01:00.0: BAR 1: assigned [mem 0xe0000000-0xefff', 'ffff 64bit pref]')).toBe(
      '[    0.512345] pci 0000:01:00.0: BAR 1: assigned [mem 0xe0000000-0xefffffff 64bit pref]',
    );
    const f = parse(lines('[    0.301234] pci 0000:01:00.0: [10de:', '2504] type 00 class 0x030000 PCIe Legacy Endpoint', '[    0.412345] pci 0000:00:01.0: PCI bridge to [bus 01]'));
    expect(f.kernelLog.map((l) => l.message)).toEqual(['pci 0000:01:00.0: [10de:2504] type 00 class 0x030000 PCIe Legacy Endpoint', 'pci 0000:00:01.0: PCI bridge to [bus 01]']);
    expect(f.unparsed.count).toBe(0);
  });

  it.each<[string, string, string]>([
    ['the joined span is no resource the kernel prints', '[    1.000000] foo: bar [something', 'else entirely]'],
    ['the second line is indented (a continuation, not a break)', '[    1.000000] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff', '        64bit pref]'],
    ['the first line is no stamped kernel line', 'pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff', '64bit pref]'],
    ["the first line's bracket is closed", '[    1.000000] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff]', '64bit pref]'],
    ['the second line opens a bracket before closing one', '[    1.000000] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff', '[64bit pref]'],
    ['the second line is a log line itself', '[    1.000000] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff', '[    1.000001] pref]'],
  ])('leaves two lines when %s', (_why, head, tail) => {
    expect(joinWrapped(head, tail)).toBeUndefined();
  });

  it('a tail that joins nothing stays counted as not understood', () => {
    const f = parse(lines('[    1.000000] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff', 'pref window junk]'));
    expect(unparsedTexts(f)).toEqual(['pref window junk]']);
  });

  it('joined lines keep their line number: evidence points at the first half, and the next line keeps its own', () => {
    const f = parse(lines('$ sudo dmesg', ...broken(BAR, '64bit pref]'), '[Wed Jun 12 02:42:38 2024] DMAR: IOMMU enabled'));
    expect(f.kernelLog.map((l) => [l.evidence.line, l.evidence.text.slice(-11)])).toEqual([[1, '64bit pref]'], [3, 'OMMU enabled'.slice(-11)]]);
  });
});

describe('pastebin line numbers', () => {
  const LOG = ['[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.8.0 root=UUID=1 ro quiet intel_iommu=on', '[    0.000000] DMAR: IOMMU enabled', '', '[    0.412345] pci 0000:01:00.0: Adding to iommu group 14'];

  it.each<[string, (l: string, i: number) => string]>([
    ['"1. " (a copied ordered list)', (l, i) => `${i + 1}. ${l}`.trimEnd()],
    ['"12 | " (a gutter with a bar)', (l, i) => `${String(i + 1).padStart(2)} | ${l}`.trimEnd()],
    ['a number column (cat -n)', (l, i) => `${String(i + 1).padStart(6)}\t${l}`.trimEnd()],
  ])('%s on every line of the block, a numbered blank line too: stripped, the log read', (_shape, number) => {
    const f = parse(lines(...LOG.map(number)));
    expect(f.kernelLog.map((l) => l.message)).toEqual(['Command line: BOOT_IMAGE=/vmlinuz-6.8.0 root=UUID=1 ro quiet intel_iommu=on', 'DMAR: IOMMU enabled', 'pci 0000:01:00.0: Adding to iommu group 14']);
    expect(f.cmdline?.raw).toContain('intel_iommu=on');
    expect(dev(f, '0000:01:00.0').iommuGroup).toBe(14);
    expect(f.unparsed.count).toBe(0);
  });

  it('inside a fence, after a prompt line that has no number: only the numbered block is stripped', () => {
    const f = parse(lines('$ lspci -nnk -s 01:00.0', '```', '1 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA104 [GeForce RTX 3070] [10de:2484] (rev a1)', '2 \tKernel driver in use: vfio-pci', '```'));
    expect(dev(f, '0000:01:00.0')).toMatchObject({ vendor: '10de', device: '2484', driver: 'vfio-pci' });
    expect(f.unparsed.count).toBe(0);
  });

  it.each<[string, string[]]>([
    ['a line without a number', ['1. [    0.000000] DMAR: IOMMU enabled', '[    0.100000] DMAR: Host address width 39', '3. [    0.200000] DMAR: DRHD base: 0x000000fed90000 flags: 0x0']],
    ['numbers that do not count up by one', ['1. [    0.000000] DMAR: IOMMU enabled', '3. [    0.100000] DMAR: Host address width 39']],
    ['a Markdown list of prose steps', ['1. Enable VT-d in the firmware', '2. Add intel_iommu=on to the command line']],
  ])('leaves a block alone with %s', (_why, block) => {
    const f = parse(lines(...block));
    // Nothing stripped: the numbered lines are still what no parser reads.
    expect(unparsedTexts(f).filter((t) => /^\d\. /.test(t)).length).toBe(block.filter((l) => /^\d\. /.test(l)).length);
  });
});

describe('the big-input lane on repaired pastes', () => {
  /** The report through the plain path and through the lane (forced on, whatever the size). */
  function both(text: string) {
    logLaneTuning.minBytes = Infinity;
    const plain = diagnose([{ source: 'pasted text', text }], { now: NOW });
    logLaneTuning.minBytes = 0;
    const lane = diagnose([{ source: 'pasted text', text }], { now: NOW });
    return { plain, lane };
  }
  const chatter = (i: number) => `[   ${10 + i}.000000] usb 3-2: reset SuperSpeed USB device number ${i} using xhci_hcd`;

  it('keeps the first half of a broken line nobody reads, so the lane joins it as the plain path does', () => {
    // A bridge window line starts with nothing the lane keeps; its tail is no kernel line, so the lane keeps that.
    const text = lines(chatter(1), ...broken('[    0.412345] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff 64bit pref]', '64bit pref]'), chatter(2), '[    1.000000] DMAR: IOMMU enabled');
    logLaneTuning.minBytes = 0;
    const kept = laneLines(text)!;
    expect(kept.lines).toContain('[    0.412345] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff');
    const { plain, lane } = both(text);
    expect(lane).toEqual(plain);
    expect(plain.unparsed.count).toBe(0);
  });

  it('brings back a first half the lane had folded as a repeat', () => {
    const head = '[    2.000000] pci 0000:00:01.0: bridge window [mem 0xe0000000-0xefffffff 64bit pref]';
    const text = lines(head, head, head, head, head, ...broken(head, '64bit pref]'), chatter(3));
    const { plain, lane } = both(text);
    expect(lane).toEqual(plain);
    logLaneTuning.minBytes = 0;
    const kept = laneLines(text)!;
    expect(kept.dropped + kept.lines.length + kept.folded + kept.other).toBe(8);
  });

  it('numbered lines reach sniff() whole, and are stripped there as on the plain path', () => {
    const text = lines(...['[    0.000000] DMAR: IOMMU enabled', chatter(1), chatter(2), '[    0.412345] pci 0000:01:00.0: Adding to iommu group 14'].map((l, i) => `${i + 1}. ${l}`));
    const { plain, lane } = both(text);
    expect(lane).toEqual(plain);
    expect(plain.devices.map((d) => [d.bdf, d.iommuGroup])).toEqual([['0000:01:00.0', 14]]);
  });
});
