// Reads the early-boot module configuration (module lists, mkinitcpio arrays, dracut driver lists) for the binding rules.
import type { Host } from './host';
import type { Evidence } from '../schema/evidence';
import { modName } from '../parse/modprobe';

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

/** Module name of an item: "vfio_virqfd?" is the optional form of vfio_virqfd. */
export const moduleOf = (item: string) => modName(item.replace(/\?$/, ''));

export const isListFile = (p: string) => p === '/etc/modules' || /^\/etc\/modules-load\.d\/[^/]+\.conf$/.test(p) || p === '/etc/initramfs-tools/modules';
export const isMkinitcpioFile = (p: string) => p === '/etc/mkinitcpio.conf' || /^\/etc\/mkinitcpio\.conf\.d\/[^/]+\.conf$/.test(p);
export const isDracutFile = (p: string) => p === '/etc/dracut.conf' || /^\/etc\/dracut\.conf\.d\/[^/]+\.conf$/.test(p);

// [^]* (not .*$): a CR left in a line must not make the match fail and retry at every "#".
const stripComment = (l: string) => l.replace(/(^|\s)#[^]*/, '').trim();

/** Every module-naming line of the given configuration files, in file order (main config before its .d files). */
export function moduleLines(host: Host): ModuleLine[] {
  const out: ModuleLine[] = [];
  const files = [...host.facts.configFiles].sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1));
  for (const f of files) {
    // Which kind of file it is decides how every line reads: asked once per file, not per line.
    const kind = isListFile(f.path) ? 'list' : isMkinitcpioFile(f.path) ? 'mkinitcpio' : isDracutFile(f.path) ? 'dracut' : undefined;
    if (!kind) continue;
    for (const raw of f.content.split('\n')) {
      const t = stripComment(raw);
      if (!t) continue;
      if (kind === 'list') {
        // One module a line, optionally with parameters ("vfio_pci ids=…").
        const m = /^([\w-]+)(?:\s|$)/.exec(t);
        if (m) out.push({ path: f.path, text: raw, kind: 'list', append: true, items: [m[1]!] });
      } else if (kind === 'mkinitcpio') {
        const m = /^(MODULES|HOOKS)(\+?)=\s*(?:\(([^)]*)\)|"([^"]*)"|'([^']*)')/.exec(t);
        if (m)
          out.push({
            path: f.path,
            text: raw,
            kind: m[1] === 'MODULES' ? 'mkinitcpio-modules' : 'mkinitcpio-hooks',
            append: m[2] === '+',
            items: (m[3] ?? m[4] ?? m[5] ?? '').split(/\s+/).map((x) => x.replace(/^["']|["']$/g, '')).filter(Boolean),
          });
      } else {
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
