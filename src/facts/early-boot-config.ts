// Reads the early-boot module configuration (module lists, mkinitcpio arrays, dracut driver lists) for the binding rules.
import type { Host } from './host';
import type { Evidence } from '../schema/evidence';
import type { FixStep } from '../schema/fix';
import { unifiedDiff } from '../engine/diff';
import { appendLines, removeLines } from '../engine/edit-ops';

/** One configuration line that names modules, with the modules it names (normalised with underscores). */
export interface ModuleLine {
  path: string;
  /** The line as written. */
  text: string;
  /** What the line is: a plain module list, a mkinitcpio array, or a dracut driver list. */
  kind: 'list' | 'mkinitcpio-modules' | 'mkinitcpio-hooks' | 'dracut';
  /** For mkinitcpio/dracut: whether the line appends (+=) rather than replaces. */
  append: boolean;
  /** Items in order, as written (mkinitcpio keeps a trailing "?"). */
  items: string[];
}

const norm = (m: string) => m.replace(/-/g, '_');
/** Module name of an item: "vfio_virqfd?" is the optional form of vfio_virqfd. */
export const moduleOf = (item: string) => norm(item.replace(/\?$/, ''));

export const isListFile = (p: string) => p === '/etc/modules' || /^\/etc\/modules-load\.d\/[^/]+\.conf$/.test(p) || p === '/etc/initramfs-tools/modules';
export const isMkinitcpioFile = (p: string) => p === '/etc/mkinitcpio.conf' || /^\/etc\/mkinitcpio\.conf\.d\/[^/]+\.conf$/.test(p);
export const isDracutFile = (p: string) => p === '/etc/dracut.conf' || /^\/etc\/dracut\.conf\.d\/[^/]+\.conf$/.test(p);

const stripComment = (l: string) => l.replace(/(^|\s)#.*$/, '').trim();

/** Every module-naming line of the given configuration files, in file order (main config before its .d files). */
export function moduleLines(host: Host): ModuleLine[] {
  const out: ModuleLine[] = [];
  const files = [...host.facts.configFiles].sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
  for (const f of files) {
    for (const raw of f.content.split('\n')) {
      const t = stripComment(raw);
      if (!t) continue;
      if (isListFile(f.path)) {
        // One module a line, optionally with parameters ("vfio_pci ids=…").
        const m = /^([\w-]+)(?:\s|$)/.exec(t);
        if (m) out.push({ path: f.path, text: raw, kind: 'list', append: true, items: [m[1]!] });
        continue;
      }
      if (isMkinitcpioFile(f.path)) {
        const m = /^(MODULES|HOOKS)(\+?)=\s*(?:\(([^)]*)\)|"([^"]*)"|'([^']*)')/.exec(t);
        if (m)
          out.push({
            path: f.path,
            text: raw,
            kind: m[1] === 'MODULES' ? 'mkinitcpio-modules' : 'mkinitcpio-hooks',
            append: m[2] === '+',
            items: (m[3] ?? m[4] ?? m[5] ?? '').split(/\s+/).map((x) => x.replace(/^["']|["']$/g, '')).filter(Boolean),
          });
        continue;
      }
      if (isDracutFile(f.path)) {
        const m = /^(add_drivers|force_drivers|drivers)(\+?)=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(t);
        if (m) out.push({ path: f.path, text: raw, kind: 'dracut', append: m[2] === '+', items: (m[3] ?? m[4] ?? m[5] ?? '').split(/\s+/).filter(Boolean) });
      }
    }
  }
  return out;
}

function rank(p: string): number {
  if (p === '/etc/mkinitcpio.conf' || p === '/etc/dracut.conf') return 0;
  return 1;
}

/** The effective mkinitcpio MODULES and HOOKS after every file and assignment ("${MODULES[@]}" keeps what came before). */
export function mkinitcpioEffective(lines: ModuleLine[]): { modules?: string[]; hooks?: string[]; lines: ModuleLine[] } {
  let modules: string[] | undefined;
  let hooks: string[] | undefined;
  const used: ModuleLine[] = [];
  for (const l of lines) {
    if (l.kind !== 'mkinitcpio-modules' && l.kind !== 'mkinitcpio-hooks') continue;
    used.push(l);
    const prev = (l.kind === 'mkinitcpio-modules' ? modules : hooks) ?? [];
    const expanded = l.items.flatMap((i) => (/^\$\{(?:MODULES|HOOKS)\[@\]\}$/.test(i) ? prev : [i]));
    const next = l.append ? [...prev, ...expanded] : expanded;
    if (l.kind === 'mkinitcpio-modules') modules = next;
    else hooks = next;
  }
  return { modules, hooks, lines: used };
}

export const evidenceOfLine = (l: ModuleLine): Evidence => ({ source: l.path, text: l.text.trim() });

/** Remove lines from a configuration file, with the exact diff when its content is known. */
export function removeLinesStep(host: Host, path: string, match: string[], description: string): FixStep {
  const file = host.facts.configFiles.find((c) => c.path === path);
  return {
    kind: 'edit',
    path,
    description,
    diff: file ? unifiedDiff(path, file.content, removeLines(file.content, match)) || undefined : undefined,
    op: { type: 'remove-lines', match },
  };
}

/** Replace one line by another: removal of the exact line, then the new line appended (its position does not matter). */
export function replaceLineSteps(host: Host, path: string, oldLine: string, newLine: string, description: string): FixStep[] {
  const file = host.facts.configFiles.find((c) => c.path === path);
  const match = [`^\\s*${escapeRe(oldLine.trim())}\\s*$`];
  const removed = file ? removeLines(file.content, match) : undefined;
  return [
    { ...removeLinesStep(host, path, match, `${description} (the old line)`) },
    {
      kind: 'edit',
      path,
      description: `${description} (the corrected line)`,
      diff: removed !== undefined ? unifiedDiff(path, removed, appendLines(removed, [newLine])) || undefined : `+${newLine}`,
      op: { type: 'append-lines', lines: [newLine] },
    },
  ];
}

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
