// The second half of the rules in Chinese (issue 17): each fires on its fixture in both languages with the same message
// id, data, severity, evidence and fixes; only the words change, and the Chinese words are Chinese.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { RULES } from '../../rules/index';
import { diagnose } from '../../src/index';
import { messageOf } from '../../src/engine/run';
import { withLang } from '../../src/i18n/lang';
import { hasCjk } from '../../src/i18n/space';
import { readmeSections } from '../../src/knowledge/readme-sections';
import { REQUIRED_SECTIONS_ZH } from '../../src/knowledge/readme-sections';
import { fixture, fixturePath } from '../harness';
import { shapeOf } from './message-shape';

/** Rules with zh.ts here; three more (converted to defineRule elsewhere) have only their README.zh.md from this half. */
const TRANSLATED = [
  'kvm-unavailable', 'laptop-muxless-dgpu', 'log-access-restricted', 'memlock-limit', 'module-blacklist-ineffective', 'no-reset-method',
  'nvidia-code43-legacy-driver', 'nvidia-probe-not-called', 'pci-stub-legacy', 'running-inside-vm', 'single-gpu-boot-vga', 'softdep-missing',
  'split-lock-mitigation', 'svm-disabled-by-bios', 'vfio-killed-primary-console', 'vfio-noiommu-mode', 'vfio-pci-not-loaded',
  'vfio-rom-header-invalid', 'vfio-virqfd-obsolete', 'vga-arbitration', 'vm-functions-split', 'vm-hostdev-group-incomplete',
  'vm-hostdev-not-on-host', 'vm-hugepages-not-reserved', 'vm-pcie-on-i440fx', 'vm-xvga-with-ovmf', 'vtx-disabled-by-bios',
  'vm-hostdev-unmanaged', 'vm-seabios-uefi-only-gpu', 'vm-romfile-unreadable', 'vm-nvidia-code43-settings', 'vm-memory-over-memlock',
  'vm-hostdev-shared-autostart', 'vm-looking-glass-shmem-small',
] as const;
const README_ONLY = ['vfio-missing-from-initramfs', 'vfio-pci-builtin-modprobe-ignored', 'vfio-pci-ids-malformed'] as const;

const run = (id: string) => {
  const text = fixture(`rules/${id}/fires.txt`);
  const pick = () => diagnose([{ source: 'pasted text', text }]).findings.filter((f) => f.id === id);
  return { en: pick(), zh: withLang('zh', pick) };
};


describe.each(TRANSLATED)('%s in Chinese', (id) => {
  const meta = RULES.find((r) => r.meta.id === id)!.meta;

  it('has a Chinese title and summary', () => {
    expect(meta.zh, 'meta.zh').toBeDefined();
    expect(hasCjk(meta.zh!.title)).toBe(true);
    expect(hasCjk(meta.zh!.summary)).toBe(true);
  });

  it('fires on its fixture in both languages: same ids and data, Chinese words', () => {
    const { en, zh } = run(id);
    expect(en.length, 'fires.txt fires in English').toBeGreaterThan(0);
    expect(zh.length).toBe(en.length);
    en.forEach((e, i) => {
      const z = zh[i]!;
      // Ids and the shape of the data match; descriptions inside the data (shared device words) follow the language.
      expect(shapeOf(messageOf(z))).toEqual(shapeOf(messageOf(e)));
      expect(messageOf(e)?.messageId, 'a declared message').toBeDefined();
      expect(z.severity).toBe(e.severity);
      expect(z.evidence.map((x) => x.source)).toEqual(e.evidence.map((x) => x.source));
      expect(z.fixes.map((f) => f.id)).toEqual(e.fixes.map((f) => f.id));
      expect(hasCjk(e.message), e.message).toBe(false);
      expect(hasCjk(z.message), z.message).toBe(true);
      expect(z.title).toBe(meta.zh!.title);
      // The rule's own fix titles and warnings are written through tr(): Chinese, and nothing English left beside them.
      for (const f of z.fixes) {
        expect(hasCjk(f.title), f.title).toBe(true);
        for (const w of f.warnings) expect(hasCjk(w), w).toBe(true);
      }
    });
  });

  it('says the same words in English as before (no Chinese leaks into an English run)', () => {
    const { en } = run(id);
    for (const f of en) {
      expect(hasCjk(f.title)).toBe(false);
      for (const x of f.fixes) expect(hasCjk([x.title, ...x.warnings, ...x.steps.map((s) => s.description)].join(' '))).toBe(false);
      for (const e of f.evidence) expect(hasCjk(e.text)).toBe(false);
    }
  });
});

describe.each([...TRANSLATED, ...README_ONLY])('rules/%s/README.zh.md', (id) => {
  it('has the id as its title and the four Chinese sections in order', () => {
    const md = readFileSync(fixturePath(`../rules/${id}/README.zh.md`), 'utf8');
    expect(md.split('\n')[0]).toMatch(new RegExp(`^# ${id}(?:（|$)`));
    const headings = readmeSections(md).map((s) => s.heading);
    expect(headings.filter((h) => (REQUIRED_SECTIONS_ZH as readonly string[]).includes(h))).toEqual([...REQUIRED_SECTIONS_ZH]);
    expect(headings.filter((h) => ![...REQUIRED_SECTIONS_ZH, '来源'].includes(h))).toEqual([]);
    for (const s of readmeSections(md)) expect(hasCjk(s.body), `## ${s.heading}`).toBe(true);
  });
});
