// The device table's legend names every mark its rows show (▶ the target, ◇ the boot display).
import { describe, expect, it } from 'vitest';
import { diagnoseFull } from '../../src/index';
import { DEMO_BUNDLE } from '../../src/demo/seed-bundle';
import { devicesView } from '../../src/ui/views/tables';

const text = (lines: { text: string }[][]) => lines.map((l) => l.map((s) => s.text).join('')).join('\n');

describe('devices legend', () => {
  it('explains ◇ when a row shows it, and only then', () => {
    const d = diagnoseFull([{ source: 'pasted text', text: DEMO_BUNDLE }], { live: false });
    const v = devicesView(d.report, d.host, 100, 40);
    const rows = text(v.pages.flat());
    expect(rows).toContain('◇');
    expect(text(v.head)).toContain('◇ the boot display');
    const noBoot = DEMO_BUNDLE.replace(/boot_vga=1/g, 'boot_vga=0');
    const e = diagnoseFull([{ source: 'pasted text', text: noBoot }], { live: false });
    const w = devicesView(e.report, e.host, 100, 40);
    expect(text(w.pages.flat())).not.toContain('◇');
    expect(text(w.head)).not.toContain('◇');
  });
});
