// Kernel command line: bare (/proc/cmdline) or inside dmesg's "Command line:"; repeated keys kept.
import type { CmdlineParam, Cmdline } from '../schema/facts';
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { FactsSink } from '../schema/facts-sink';
import { tr } from '../i18n/lang';

/** Split like the kernel does: spaces separate, double quotes group. */
export function splitCmdline(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let started = false;
  for (const ch of raw) {
    if (ch === '"') {
      quoted = !quoted;
      cur += ch;
      started = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (started) out.push(cur);
      cur = '';
      started = false;
    } else {
      cur += ch;
      started = true;
    }
  }
  if (started) out.push(cur);
  return out;
}

/** `-` and `_` are the same in parameter names (kernel/params.c parameq). */
export function normalizeKey(key: string): string {
  return key.replace(/-/g, '_').toLowerCase();
}

export function parseCmdlineString(raw: string, ev: { source: string; line?: number; text: string }): Cmdline {
  const params: CmdlineParam[] = splitCmdline(raw.trim()).map((tok) => {
    // The kernel's next_arg() also accepts the whole parameter quoted: "dyndbg=file x.c +p".
    const t = /^".*"$/s.test(tok) && tok.length > 1 ? tok.slice(1, -1) : tok;
    const eq = t.indexOf('=');
    if (eq < 0) return { key: normalizeKey(t), raw: tok };
    return { key: normalizeKey(t.slice(0, eq)), value: t.slice(eq + 1).replace(/^"(.*)"$/s, '$1'), raw: tok };
  });
  return { raw: raw.trim(), params, evidence: ev };
}

/** All values of a parameter, in order ("vfio-pci.ids" may appear twice). */
export function paramValues(c: Cmdline | undefined, key: string): string[] {
  if (!c) return [];
  const k = normalizeKey(key);
  return c.params.filter((p) => p.key === k).map((p) => p.value ?? '');
}

export function hasParam(c: Cmdline | undefined, key: string, value?: string): boolean {
  if (!c) return false;
  const k = normalizeKey(key);
  return c.params.some((p) => p.key === k && (value === undefined || (p.value ?? '').toLowerCase() === value.toLowerCase()));
}

const LOADER_HINT = /(?:^|\s)(?:BOOT_IMAGE=|initrd=|root=(?:UUID=|PARTUUID=|LABEL=|ZFS=|\/dev\/)|rootflags=|rd\.)/;
const PARAM_HINT = /(?:^|\s)(?:intel_iommu=|amd_iommu=|iommu=|iommu\.\w+=|vfio[-_]pci\.ids=|pci[-_]stub\.ids=|pcie_acs_override=|video=|initcall_blacklist=|modprobe\.blacklist=|module_blacklist=)/;
const TOKEN = /^[\w.\-/,:+@]+(?:=\S*)?$/;
const QUOTED_TOKEN = /^(?:[\w.\-/,:+@]+="[^"`]*"|"[^"`]*")$/;

/** A bare command line: every token looks like a parameter and at least one is typical of a cmdline. */
export function looksLikeCmdline(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || t.length > 4096) return false;
  if (!LOADER_HINT.test(t) && !PARAM_HINT.test(t)) return false;
  const toks = splitCmdline(t);
  // A quoted token is a quoted parameter (key="a b" or "key=a b"), not any word with a quote in it (prose, `code`).
  if (!toks.every((tok) => TOKEN.test(tok) || QUOTED_TOKEN.test(tok))) return false;
  return !isSentence(toks);
}

// Words of English sentences that are no kernel flag: "With vfio-pci.ids=… secondary GPU should not be activated."
const PROSE_WORDS = new Set(['the', 'a', 'an', 'with', 'without', 'should', 'not', 'be', 'is', 'are', 'was', 'to', 'and', 'or', 'my', 'i', 'it', 'this', 'that', 'on', 'in', 'of', 'for', 'but', 'have', 'added', 'set', 'using', 'after', 'still', 'when']);

/** A sentence that happens to be made of parameter-shaped words: a bare word ends a clause, or two are English words. */
function isSentence(toks: string[]): boolean {
  const bare = toks.filter((tok) => !tok.includes('='));
  if (bare.some((w) => /[a-z][.,;:!?]$/i.test(w))) return true;
  return bare.filter((w) => PROSE_WORDS.has(w.toLowerCase())).length >= 2;
}

export const cmdlineParser: Parser = {
  kind: 'cmdline',
  starts: looksLikeCmdline,
  parse(lines: Line[], b) {
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      if (!looksLikeCmdline(t) && lines.length > 1) {
        bad.push(l);
        continue;
      }
      b.setCmdline(parseCmdlineString(t, evidenceOf(l)));
    }
    return bad;
  },
};

/** /etc/kernel/cmdline (systemd-boot, Proxmox): the configured, not the running, command line. */
export const kernelCmdlineFileParser: Parser = {
  kind: 'kernel-cmdline-file',
  starts: () => false,
  parse(lines, b) {
    const text = lines.map((l) => l.text).filter((t) => t.trim() && !t.trim().startsWith('#'));
    const first = lines.find((l) => l.text.trim() && !l.text.trim().startsWith('#'));
    if (first) b.facts.kernelCmdlineFile = parseCmdlineString(text.join(' '), evidenceOf(first));
    return [];
  },
};

/**
 * Two different running command lines in one input (two boots, or pastes from two machines): the report uses the
 * first, and says so naming every one, instead of guessing silently.
 */
export function noteOtherCmdlines(b: FactsSink): void {
  const f = b.facts;
  if (!f.cmdline || !f.otherCmdlines.length) return;
  const show = (c: Cmdline) => {
    const raw = c.raw.length > 300 ? `${c.raw.slice(0, 300)}…` : c.raw;
    return tr(`"${raw}" (${c.evidence.source}${c.evidence.line ? `, line ${c.evidence.line}` : ''})`, `"${raw}"(${c.evidence.source}${c.evidence.line ? ` 第 ${c.evidence.line} 行` : ''})`);
  };
  const others = f.otherCmdlines.slice(0, 3).map(show);
  if (f.otherCmdlines.length > 3) others.push(tr(`and ${f.otherCmdlines.length - 3} more`, `另有 ${f.otherCmdlines.length - 3} 条`));
  b.note(
    tr(
      `The input holds ${f.otherCmdlines.length + 1} different kernel command lines, from different boots or machines: the report uses ${show(f.cmdline)}; it also holds ${others.join('; ')}. Paste \`cat /proc/cmdline\` and the kernel log of the same, current boot to be sure.`,
      `输入中有 ${f.otherCmdlines.length + 1} 条不同的内核命令行，来自不同的启动或不同的机器：报告采用 ${show(f.cmdline)}；另外还有 ${others.join(';')}。请粘贴同一次（当前）启动的 \`cat /proc/cmdline\` 和内核日志，以便确认。`,
    ),
  );
}
