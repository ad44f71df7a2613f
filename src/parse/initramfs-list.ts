// Initramfs listings — `lsinitramfs` (initramfs-tools), `lsinitcpio` (mkinitcpio), `lsinitrd` (dracut): which modules the image holds.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { modName } from './modprobe';
import { FILTERED } from './kernel-log';
import { tr } from '../i18n/lang';

// lsinitramfs/lsinitcpio print paths ("usr/lib/modules/6.8.0-45-generic/kernel/drivers/vfio/pci/vfio-pci.ko.zst");
// lsinitrd prints `ls -l`-style lines ending in the path; compressed modules end in .zst, .xz or .gz.
// The last word of a line is the path: cut it with string search, then test one anchored, segment-wise pattern.
const MODULE_PATH = /^(?:usr\/)?lib\/modules\/[^/]+\/(?:[^/]+\/)*([\w-]+)\.ko(?:\.(?:zst|xz|gz))?$/;
const lastWord = (t: string) => t.slice(Math.max(t.lastIndexOf(' '), t.lastIndexOf('\t')) + 1);
const moduleOf = (t: string) => (t.includes('.ko') ? MODULE_PATH.exec(lastWord(t)) : null);
const PATH = /^(?:[-dlrwxst]{10}\s+\d+\s+\S+\s+\S+\s+\d+\s+\w{3}\s+\d+\s+[\d:]+\s+)?[\w.][\w./+-]*(?:\s->\s\S+)?$/;
// The image path may hold a shell substitution with spaces in it ("/boot/initramfs-`uname -r`.img"): kept whole.
const IMAGE = /(\/boot\/(?:[^\s`]|`[^`]*`)+|\S*initr\S*\.img\S*)/;
const TOOL = /(?:^|[\s/])(lsinitramfs|lsinitcpio|lsinitrd)(?:\s|$)/;

export const initramfsListParser: Parser = {
  kind: 'initramfs-list',
  starts: (text) => moduleOf(text.trim()) !== null,
  continues: (text) => moduleOf(text.trim()) !== null,
  // In its own section, the image's other paths (firmware, config files, directories) are its lines too.
  claims: (text) => PATH.test(text.trim()),
  parse(lines: Line[], b, sectionSource) {
    const bad: Line[] = [];
    const modules = new Set<string>();
    let first: Line | undefined;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const m = moduleOf(t);
      if (m) {
        modules.add(modName(m[1]!));
        first ??= l;
      } else if (!PATH.test(t)) bad.push(l);
    }
    if (first) {
      const filtered = sectionSource ? FILTERED.test(sectionSource) : true;
      const image = sectionSource ? IMAGE.exec(sectionSource)?.[1] : undefined;
      const tool = sectionSource ? (TOOL.exec(sectionSource)?.[1] as 'lsinitramfs' | 'lsinitcpio' | 'lsinitrd' | undefined) : undefined;
      (b.facts.initramfsListings ??= []).push({ image, ...(tool ? { tool } : {}), modules: [...modules].sort(), filtered, evidence: evidenceOf(first) });
      const vfio = ['vfio_pci', 'vfio', 'vfio_iommu_type1'].filter((x) => modules.has(x));
      b.note(
        tr(
          `The initramfs listing${image ? ` of ${image}` : ''} holds ${modules.size} module${modules.size === 1 ? '' : 's'}${vfio.length ? `, among them ${vfio.join(', ')}` : filtered ? '' : ', none of them vfio'}${filtered ? ' (a filtered listing: a module missing from it proves nothing)' : ''}.`,
          `${image ? `${image} 的 ` : ''}initramfs 列表中有 ${modules.size} 个模块${vfio.length ? `，其中包括 ${vfio.join('、')}` : filtered ? '' : '，没有一个是 vfio'}${filtered ? '（这是过滤过的列表：其中缺少某个模块并不能说明什么）' : ''}。`,
        ),
      );
    }
    return bad;
  },
};
