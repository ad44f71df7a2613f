// The support bundle: plain text, one `=== source ===` section per source, redacted, with a size cap on the log.
import type { RawSource } from '../schema/raw-source';
import { redact, type RedactOptions } from './redact';

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

export function writeBundle(sources: RawSource[], o: BundleOptions): string {
  const kinds = new Set<string>();
  const body: string[] = [];
  for (const s of sources) {
    let text = s.text.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
    if (s.kind === 'kernel-log') {
      const r = reduceKernelLog(text);
      text = r.text;
      if (r.kept < r.total) body.push(`# kernel log reduced to ${r.kept} of ${r.total} lines (IOMMU, VFIO, GPU and PCI lines with context)`);
    }
    if (o.redact) {
      const r = redact(text, o.redactOptions);
      text = r.text;
      for (const k of r.kinds) kinds.add(k);
    }
    // A line that looks like a section marker inside a file would split it: indent it by one space.
    text = text.replace(/^(={3,}\s)/gm, ' $1');
    body.push(`=== ${s.source} ===`, text);
  }
  const header = [
    `# vfio-doctor support bundle v${BUNDLE_VERSION} · vfio-doctor ${o.version} · ${o.now.toISOString()}`,
    o.redact
      ? `# redacted: ${kinds.size ? [...kinds].join(', ') : 'nothing was found to redact'} (checked: host name, user names, MAC addresses, serial numbers, UUIDs, IP addresses)`
      : '# redacted: nothing (--no-redact was given)',
  ];
  const footer = '# end of bundle — analyse it with `vfio-doctor analyze FILE`; to share it, attach the file or paste it inside a ``` code block';
  return `${[...header, ...body, footer].join('\n')}\n`;
}
