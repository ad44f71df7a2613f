// IOMMU groups and PCI devices as tables that degrade to lists on narrow terminals, split into pages.
import type { Report } from '../../schema/report';
import type { Host } from '../../facts/host';
import { slotOf } from '../../pci/bdf';
import { deviceView, deviceViews, driverText, shortDescription, type DeviceView } from '../../knowledge/devices';
import { seg, para, wrapSegs, type Line, type Tone } from '../lines';
import { clip } from '../../render/style';
import { tr } from '../../i18n/lang';
import { displayWidth, sliceColumns } from '../../text/width';

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

/** Pads or cuts to `n` columns (Chinese headers are two columns a character). */
function pad(s: string, n: number) {
  const w = displayWidth(s);
  if (w <= n) return s + ' '.repeat(n - w);
  const [cut] = sliceColumns(s, n);
  return cut + ' '.repeat(n - displayWidth(cut));
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
    return { head: para(tr('This input has no IOMMU group listing. On the host, run this and `paste` the output:', '这份输入里没有 IOMMU 组列表。请在宿主机上运行下面的命令，再用 `paste` 粘贴输出：'), w), pages: [[[seg('  for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do echo "IOMMU Group ${g##*/} $(lspci -nns ${d##*/})"; done; done', 'cmd')]]] };
  }
  const nums = Object.keys(r.groups).map(Number).sort((a, b) => a - b);
  if (!nums.length)
    return {
      head: para(
        tr(
          `There are no IOMMU groups: the IOMMU is ${r.host.iommu === 'active' ? 'active but exposes no groups' : 'not active'}, so no device can be passed through yet. See the findings (\`why 1\`).`,
          `没有 IOMMU 组：IOMMU ${r.host.iommu === 'active' ? '已启用但没有暴露任何分组' : '没有启用'}，所以现在还不能直通任何设备。请看发现的问题（\`why 1\`）。`,
        ),
        w,
      ),
      pages: [[]],
    };
  const targetGroups = new Set(r.targets.gpus.map((b) => deviceView(host, b).group).filter((g): g is number => g !== undefined));
  const ordered = [...nums.filter((g) => targetGroups.has(g)), ...nums.filter((g) => !targetGroups.has(g))];
  const slots = targetSlots(r);
  const head: Line[] = [
    ...wrapSegs([seg(tr(`IOMMU groups (${nums.length})`, `IOMMU 组（${nums.length} 个）`), 'bold'), seg(targetGroups.size ? tr(` — the target's group${targetGroups.size > 1 ? 's' : ''} ${[...targetGroups].join(', ')} first`, `——目标所在的组 ${[...targetGroups].join('、')} 排在前面`) : '')], w, '  '),
    ...wrapSegs([seg('  '), seg('▶', 'mark'), seg(r.targets.perCandidate ? tr(' candidate GPU, ', ' 候选显卡，') : tr(' target GPU, ', ' 目标显卡，')), seg('◆', 'warning'), seg(tr(' shares its group, ', ' 与它同组，')), seg('·', 'dim'), seg(tr(' bridge (fine)', ' 桥（没问题）'))], w, '  '),
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
    lines.push(...table([tr('group', '组'), tr('address', '地址'), 'ids', tr('driver', '驱动'), tr('device', '设备')], [5, 8, 9, 12], rows, w));
  } else {
    for (const g of ordered) {
      lines.push([seg(tr(`Group ${g}`, `组 ${g}`), 'bold'), seg(targetGroups.has(g) ? tr('  ◀ target', '  ◀ 目标') : '', 'mark')]);
      for (const b of r.groups[String(g)] ?? []) {
        const d = deviceView(host, b);
        const m = markOf(d, slots, targetGroups);
        lines.push(...wrapSegs([seg(`  ${m.mark} `, m.tone), seg(d.short, 'bold'), seg(tr(` ${describe(d)}${d.ids ? ` [${d.ids}]` : ''}, driver ${driverText(d)}`, ` ${describe(d)}${d.ids ? ` [${d.ids}]` : ''}，驱动 ${driverText(d)}`))], w, '      '));
      }
    }
  }
  return { head, pages: paginate(lines, pageRows) };
}

export function devicesView(r: Report, host: Host, w: number, pageRows: number): Paged {
  const all = deviceViews(host);
  if (!all.length) return { head: para(tr('This input lists no PCI devices. `paste` the output of `lspci -nnk` to add them.', '这份输入里没有 PCI 设备。用 `paste` 粘贴 `lspci -nnk` 的输出来补上。'), w), pages: [[]] };
  const slots = targetSlots(r);
  // The legend names every mark the table can show: ◇ (the boot display) only when a device has it.
  const boot = all.some((d) => d.bootVga && !slots.has(slotOf(d.bdf)));
  const marks = [
    ...(r.targets.gpus.length ? [seg('▶', 'mark'), seg(r.targets.perCandidate ? tr(' marks the candidate GPUs (each checked as the target)', ' 标出候选显卡（每张都按目标检查）') : tr(' marks the passthrough target', ' 标出直通目标'))] : []),
    ...(boot ? [seg(r.targets.gpus.length ? tr(', ', ',') : ''), seg('◇'), seg(tr(' the boot display', ' 启动显卡'))] : []),
  ];
  const head: Line[] = [...wrapSegs([seg(tr(`PCI devices (${all.length})`, `PCI 设备（${all.length} 个）`), 'bold'), seg(marks.length ? tr(' — ', '——') : ''), ...marks], w, '  ')];
  const lines: Line[] = [];
  if (w >= TABLE_MIN_WIDTH) {
    const rows: Row[] = all.map((d) => ({
      mark: slots.has(slotOf(d.bdf)) ? '▶' : d.bootVga ? '◇' : ' ',
      markTone: slots.has(slotOf(d.bdf)) ? 'mark' : undefined,
      cells: [d.short, d.ids ?? '', driverText(d), d.group === undefined ? '?' : String(d.group)],
      rest: shortDescription(d) + (d.bootVga ? tr(' (boot display)', '（启动显卡）') : ''),
    }));
    lines.push(...table([tr('address', '地址'), 'ids', tr('driver', '驱动'), tr('group', '组'), tr('device', '设备')], [8, 9, 12, 5], rows, w));
  } else {
    for (const d of all) {
      const t = slots.has(slotOf(d.bdf));
      lines.push(
        ...wrapSegs(
          [
            seg(t ? '▶ ' : '  ', t ? 'mark' : undefined),
            seg(d.short, 'bold'),
            seg(tr(` ${describe(d)}${d.ids ? ` [${d.ids}]` : ''}, driver ${driverText(d)}, group ${d.group ?? '?'}${d.bootVga ? ', boot display' : ''}`, ` ${describe(d)}${d.ids ? ` [${d.ids}]` : ''}，驱动 ${driverText(d)}，组 ${d.group ?? '?'}${d.bootVga ? '，启动显卡' : ''}`)),
          ],
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
    ? [[seg(tr(`  page ${page + 1} of ${total} — `, `  第 ${page + 1} 页，共 ${total} 页——`), 'dim'), seg('more', 'cmd'), seg(tr(` for the next page, or \`${cmd} ${page + 2}\``, ` 看下一页，或输入 \`${cmd} ${page + 2}\``), 'dim')]]
    : [[seg(tr(`  page ${page + 1} of ${total} (last)`, `  第 ${page + 1} 页，共 ${total} 页（最后一页）`), 'dim')]];
}
