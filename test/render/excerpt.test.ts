// Evidence excerpts: a long line is cut around the part the finding is about, not at its start.
import { describe, expect, it } from 'vitest';
import { excerpt, focusTerms } from '../../src/render/excerpt';
import { diagnose } from '../../src/index';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';
import { renderText } from '../../src/render/text';

const CMDLINE = 'BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0a1b2c3d-1111-4a4a-9b9b-0123456789ab ro quiet splash intel_iommu=on vfio-pci.ids=10de:2203,10de:1aef';

describe('excerpt', () => {
  it('shows the matched part of a long line, with … at each cut', () => {
    const terms = focusTerms('Identical cards', 'vfio-pci is configured by ID (10de:2203, 10de:1aef), so it claims every card');
    expect(terms).toContain('10de:2203');
    const e = excerpt(CMDLINE, 60, terms);
    expect(e.length).toBe(60);
    expect(e).toContain('vfio-pci.ids=10de:2203');
    expect(e.startsWith('…')).toBe(true);
  });

  it('cuts at the end when the term is near the start, or no term is in the line', () => {
    expect(excerpt(CMDLINE, 40, ['BOOT_IMAGE'])).toBe(`${CMDLINE.slice(0, 39)}…`);
    expect(excerpt(CMDLINE, 40, ['nothing-like-it'])).toBe(`${CMDLINE.slice(0, 39)}…`);
    expect(excerpt('short', 40, ['short'])).toBe('short');
  });

  it('ignores plain words: only exact names (ids, parameters, paths) steer the cut', () => {
    expect(focusTerms('The passthrough GPU is owned by a host driver', 'nouveau owns 01:00.0')).toEqual(['01:00.0']);
  });

  it('the demo report shows vfio-pci.ids= of the key /proc/cmdline line', () => {
    const r = diagnose([{ source: 'pasted text', text: DEMO_BUNDLE }], { live: false });
    const out = renderText(r, { width: 80 });
    const line = out.split('\n').find((l) => l.includes('│') && l.includes('BOOT_IMAGE') || l.includes('vfio-pci.ids='));
    expect(line).toContain('vfio-pci.ids=10de:2203');
  });
});
