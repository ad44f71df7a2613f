// The support bundle: plain text, one `=== source ===` section per source, redacted, with a size cap on the log.
import type { RawSource } from '../schema/raw-source';
import { CHECKED, redactor, type RedactOptions } from './redact';
import { escapeLine, escapeText } from '../text/sanitize';
import { promptCommand } from '../parse/detect';
import { stripQuote } from '../parse/line';

export const BUNDLE_VERSION = 1;
const LOG_CAP_LINES = 4000;

// Kernel log lines worth keeping in a bundle: IOMMU, VFIO, GPU drivers, PCI resources, boot facts.
const RELEVANT =
  /iommu|dmar|amd-vi|ivrs|vfio|pci-stub|nvidia|nvrm|nouveau|amdgpu|radeon|i915|\bxe\b|snd_hda|xhci|efifb|simpledrm|simple-framebuffer|vesafb|bootfb|sysfb|vgaarb|\bbar \d|can't reserve|command line|linux version|hypervisor|kvm|vmx|svm|acs|rmrr|1:1 iommu|reset|power state|d3cold|not ready|ACPI: \w{4} 0x|x2apic|intremap|remapping|modules-load|initcall|drm|firmware bug|unknown (?:kernel )?command line/i;

/** Keep the lines that matter plus one line of context either side, capped. */
export function reduceKernelLog(text: string): { text: string; kept: number; total: number } {
  const lines = text.split('\n');
  const keep = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    if (RELEVANT.test(lines[i]!)) {
      keep[i] = 1;
      if (i > 0) keep[i - 1] = 1;
      if (i + 1 < lines.length) keep[i + 1] = 1;
    }
  }
  let out = lines.filter((_, i) => keep[i]);
  if (out.length > LOG_CAP_LINES) out = [...out.slice(0, LOG_CAP_LINES / 2), `… ${out.length - LOG_CAP_LINES} lines cut …`, ...out.slice(-LOG_CAP_LINES / 2)];
  return { text: out.join('\n'), kept: out.length, total: lines.length };
}

export interface BundleOptions {
  version: string;
  now: Date;
  redact: boolean;
  redactOptions?: RedactOptions;
}

/**
 * A body line that `analyze` would read as structure (a section marker, a code fence, a bundle note or a shell prompt,
 * after the quote marks and indentation it strips) would split the file it belongs to or forge a section: such a line
 * gets one more `#` when it is a comment, a backslash in front otherwise, and is read back as plain text.
 */
const MARKERISH = /^(?:={3,}\s|==>\s|```|~~~|#+\s*(?:vfio-doctor|redacted|share this|end of bundle|kernel log reduced))/i;
function defuse(line: string): string {
  const c = line.trimStart().charCodeAt(0);
  // Only lines starting with these can be structure: most lines skip the regexes.
  if (c !== 0x3d && c !== 0x60 && c !== 0x7e && c !== 0x23 && c !== 0x3e && c !== 0x24 && c !== 0x25 && c !== 0x276f && !line.includes('@')) return line;
  const t = stripQuote(line).trim();
  if (!MARKERISH.test(t) && promptCommand(t) === undefined) return line;
  const at = line.length - line.trimStart().length;
  return `${line.slice(0, at)}${line[at] === '#' ? '#' : '\\'}${line.slice(at)}`;
}

export function writeBundle(sources: RawSource[], o: BundleOptions): string {
  const kinds = new Set<string>();
  const body: string[] = [];
  const scrub = o.redact ? redactor(o.redactOptions) : undefined;
  const clean = (t: string) => {
    if (!scrub) return t;
    const r = scrub(t);
    for (const k of r.kinds) kinds.add(k);
    return r.text;
  };
  for (const s of sources) {
    let text = s.text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
    if (s.kind === 'kernel-log') {
      const r = reduceKernelLog(text);
      text = r.text;
      if (r.kept < r.total) body.push(`# kernel log reduced to ${r.kept} of ${r.total} lines (IOMMU, VFIO, GPU and PCI lines with context)`);
    }
    // Control characters are made visible (text/sanitize.ts) before redaction, so it sees what is written; a source
    // name is one line whatever it holds, so a newline in a file name cannot start a section of its own.
    text = clean(escapeText(text));
    text = text.split('\n').map(defuse).join('\n');
    body.push(`=== ${clean(escapeLine(s.source))} ===`, text);
  }
  const header = [
    `# vfio-doctor support bundle v${BUNDLE_VERSION} · vfio-doctor ${o.version} · ${o.now.toISOString()}`,
    o.redact
      ? `# redacted: ${kinds.size ? [...kinds].join(', ') : 'nothing was found to redact'} (checked: ${CHECKED})`
      : '# redacted: nothing (--no-redact was given)',
  ];
  const footer = '# end of bundle — analyse it with `vfio-doctor analyze FILE`; to share it, attach the file or paste it inside a ``` code block';
  return `${[...header, ...body, footer].join('\n')}\n`;
}
