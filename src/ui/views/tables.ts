// IOMMU groups and PCI devices as tables that degrade to lists on narrow terminals, split into pages.
import type { Report } from '../../schema/report';
import type { Host } from '../../facts/host';
import { slotOf } from '../../pci/bdf';
import { deviceView, deviceViews, driverText, shortDescription, type DeviceView } from '../../knowledge/devices';
import { seg, para, wrapSegs, type Line, type Tone } from '../lines';
import { clip } from '../../render/style';

/** Below this width tables become lists. */
const TABLE_MIN_WIDTH = 78;

export interface Paged {
  pages: Line[][];
  /** Lines shown above every page (title, legend). */
  head: Line[];
}

interface Row {
  mark: string;
  markTone?: Tone;
  cells: string[];
  /** The wide, free-text column (name). */
  rest: string;
}

function pad(s: string, n: number) {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

function table(headers: string[], widths: number[], rows: Row[], w: number): Line[] {
  const fixed = widths.reduce((a, b) => a + b + 1, 0) + 2;
  const restW = Math.max(10, w - fixed);
  const head: Line = [seg(`  ${widths.map((n, i) => pad(headers[i]!, n)).join(' ')} ${headers[widths.length] ?? ''}`, 'bold')];
  const out: Line[] = [head];
  for (const r of rows) {
    out.push([seg(pad(r.mark, 2), r.markTone), seg(r.cells.map((c, i) => pad(clip(c, widths[i]!), widths[i]!)).join(' ')), seg(' '), seg(clip(r.rest, restW), r.markTone === 'mark' ? 'bold' : undefined)]);
  }
  return out;
}

function paginate(lines: Line[], rows: number): Line[][] {
  const pages: Line[][] = [];
  for (let i = 0; i < lines.length; i += rows) pages.push(lines.slice(i, i + rows));
  return pages.length ? pages : [[]];
}

/** The target GPUs' slots: a device in one of them is part of the card being passed through. Built once per view. */
const targetSlots = (r: Report) => new Set(r.targets.gpus.map(slotOf));

function markOf(d: DeviceView, slots: Set<string>, targetGroups: Set<number>): { mark: string; tone?: Tone } {
  if (slots.has(slotOf(d.bdf))) return { mark: '▶', tone: 'mark' };
  if (d.group !== undefined && targetGroups.has(d.group)) return { mark: d.bridge ? '·' : '◆', tone: d.bridge ? 'dim' : 'warning' };
  return { mark: ' ' };
}

const describe = (d: DeviceView) => `${d.className}${d.name ? `: ${d.name}` : ''}`;

export function groupsView(r: Report, host: Host, w: number, pageRows: number): Paged {
  if (r.groups === null) {
    return { head: para('This input has no IOMMU group listing. On the host, run this and `paste` the output:', w), pages: [[[seg('  for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do echo "IOMMU Group ${g##*/} $(lspci -nns ${d##*/})"; done; done', 'cmd')]]] };
  }
  const nums = Object.keys(r.groups).map(Number).sort((a, b) => a - b);
  if (!nums.length) return { head: para(`There are no IOMMU groups: the IOMMU is ${r.host.iommu === 'active' ? 'active but exposes no groups' : 'not active'}, so no device can be passed through yet. See the findings (\`why 1\`).`, w), pages: [[]] };
  const targetGroups = new Set(r.targets.gpus.map((b) => deviceView(host, b).group).filter((g): g is number => g !== undefined));
  const ordered = [...nums.filter((g) => targetGroups.has(g)), ...nums.filter((g) => !targetGroups.has(g))];
  const slots = targetSlots(r);
  const head: Line[] = [
    ...wrapSegs([seg(`IOMMU groups (${nums.length})`, 'bold'), seg(targetGroups.size ? ` — the target's group${targetGroups.size > 1 ? 's' : ''} ${[...targetGroups].join(', ')} first` : '')], w, '  '),
    ...wrapSegs([seg('  '), seg('▶', 'mark'), seg(r.targets.perCandidate ? ' candidate GPU, ' : ' target GPU, '), seg('◆', 'warning'), seg(' shares its group, '), seg('·', 'dim'), seg(' bridge (fine)')], w, '  '),
  ];
  const lines: Line[] = [];
  if (w >= TABLE_MIN_WIDTH) {
    const rows: Row[] = [];
    for (const g of ordered) {
      for (const b of r.groups[String(g)] ?? []) {
        const d = deviceView(host, b);
        const m = markOf(d, slots, targetGroups);
        rows.push({ mark: m.mark, markTone: m.tone, cells: [String(g), d.short, d.ids ?? '', driverText(d)], rest: shortDescription(d) });
      }
    }
    lines.push(...table(['group', 'address', 'ids', 'driver', 'device'], [5, 8, 9, 12], rows, w));
  } else {
    for (const g of ordered) {
      lines.push([seg(`Group ${g}`, 'bold'), seg(targetGroups.has(g) ? '  ◀ target' : '', 'mark')]);
      for (const b of r.groups[String(g)] ?? []) {
        const d = deviceView(host, b);
        const m = markOf(d, slots, targetGroups);
        lines.push(...wrapSegs([seg(`  ${m.mark} `, m.tone), seg(d.short, 'bold'), seg(` ${describe(d)}${d.ids ? ` [${d.ids}]` : ''}, driver ${driverText(d)}`)], w, '      '));
      }
    }
  }
  return { head, pages: paginate(lines, pageRows) };
}

export function devicesView(r: Report, host: Host, w: number, pageRows: number): Paged {
  const all = deviceViews(host);
  if (!all.length) return { head: para('This input lists no PCI devices. `paste` the output of `lspci -nnk` to add them.', w), pages: [[]] };
  const slots = targetSlots(r);
  // The legend names every mark the table can show: ◇ (the boot display) only when a device has it.
  const boot = all.some((d) => d.bootVga && !slots.has(slotOf(d.bdf)));
  const marks = [
    ...(r.targets.gpus.length ? [seg('▶', 'mark'), seg(r.targets.perCandidate ? ' marks the candidate GPUs (each checked as the target)' : ' marks the passthrough target')] : []),
    ...(boot ? [seg(r.targets.gpus.length ? ', ' : ''), seg('◇'), seg(' the boot display')] : []),
  ];
  const head: Line[] = [...wrapSegs([seg(`PCI devices (${all.length})`, 'bold'), seg(marks.length ? ' — ' : ''), ...marks], w, '  ')];
  const lines: Line[] = [];
  if (w >= TABLE_MIN_WIDTH) {
    const rows: Row[] = all.map((d) => ({
      mark: slots.has(slotOf(d.bdf)) ? '▶' : d.bootVga ? '◇' : ' ',
      markTone: slots.has(slotOf(d.bdf)) ? 'mark' : undefined,
      cells: [d.short, d.ids ?? '', driverText(d), d.group === undefined ? '?' : String(d.group)],
      rest: shortDescription(d) + (d.bootVga ? ' (boot display)' : ''),
    }));
    lines.push(...table(['address', 'ids', 'driver', 'group', 'device'], [8, 9, 12, 5], rows, w));
  } else {
    for (const d of all) {
      const t = slots.has(slotOf(d.bdf));
      lines.push(
        ...wrapSegs(
          [seg(t ? '▶ ' : '  ', t ? 'mark' : undefined), seg(d.short, 'bold'), seg(` ${describe(d)}${d.ids ? ` [${d.ids}]` : ''}, driver ${driverText(d)}, group ${d.group ?? '?'}${d.bootVga ? ', boot display' : ''}`)],
          w,
          '    ',
        ),
      );
    }
  }
  return { head, pages: paginate(lines, pageRows) };
}

export function pageFooter(page: number, total: number, cmd: string): Line[] {
  if (total <= 1) return [];
  return page + 1 < total
    ? [[seg(`  page ${page + 1} of ${total} — `, 'dim'), seg('more', 'cmd'), seg(` for the next page, or \`${cmd} ${page + 2}\``, 'dim')]]
    : [[seg(`  page ${page + 1} of ${total} (last)`, 'dim')]];
}
