// One-line answers of commands people run by hand: `ls -l /dev/kvm`, a denied `dmesg`, a failed `modprobe`.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import { tr } from '../i18n/lang';

const KVM_MISSING = /^ls: cannot access '?\/dev\/kvm'?: No such file or directory/;
const KVM_PRESENT = /^c[rwx-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+10,\s*232\s.*\/dev\/kvm$/;
const DMESG_DENIED = /^dmesg: read kernel buffer failed: Operation not permitted/;
const JOURNAL_DENIED = /^No journal files were (?:opened|found) due to insufficient permissions|^Hint: You are currently not seeing messages from other users and the system/;
const MODPROBE_FAILED = /^modprobe: ERROR: could not insert '([\w-]+)': (.+)$/;
// cpu-checker's kvm-ok script: "INFO: /dev/kvm exists" / "INFO: /dev/kvm does not exist" (a test -e /dev/kvm), then
// "INFO: KVM (vmx|svm) is disabled by your BIOS" (read from MSR 0x3a / 0xc0010114), "INFO: Your CPU does not support
// KVM extensions" (no vmx/svm flag), HINT lines and the verdict "KVM acceleration can (NOT )be used".
const KVMOK_MISSING = /^INFO: \/dev\/kvm does not exist$/;
const KVMOK_PRESENT = /^INFO: \/dev\/kvm exists$/;
const KVMOK_OTHER = /^(?:INFO: KVM \((?:vmx|svm)\) is disabled by your BIOS|INFO: Your CPU (?:does not support|supports) KVM extensions|KVM acceleration can (?:NOT )?be used)$/;
const KVMOK_HINT = /^(?:HINT: |and then hard poweroff\/poweron your system$)/;
// libvirt's virt-host-validate output is read by its own parser (virt-host-validate.ts).
// Proxmox (pve-common src/PVE/SysFSTools.pm pci_dev_bind_to_vfio / pci_dev_group_bind_to_vfio): after running
// /sbin/modprobe vfio-pci, /sys/bus/pci/drivers/vfio-pci still does not exist.
const PVE_NO_VFIO = /^(?:TASK ERROR: )?Cannot find vfio-pci module!$/;
// rom-parser (github.com/awilliam/rom-parser rom-parser.c): "Valid ROM signature found @%xh, PCIR offset %xh", then
// "\tPCIR: type %x%s, vendor: %04x, device: %04x, class: %02x%02x%02x" (" (x86 PC-AT)" for 0, " (EFI)" for 3; the first
// version printed no name), "\tPCIR: revision …", "\t\tEFI: Signature Valid, …" and "\tLast image" after the last one.
const ROM_SIG = /^Valid ROM signature found @[0-9a-f]+h, PCIR offset [0-9a-f]+h$/i;
const ROM_PCIR = /^PCIR: type ([0-9a-f]+)(?: \([^)]*\))?, vendor: ([0-9a-f]{4}), device: ([0-9a-f]{4}), class: [0-9a-f]{6}$/i;
const ROM_MORE = /^(?:PCIR: revision [0-9a-f]+, vendor revision: [0-9a-f]+|EFI: Signature (?:NOT )?Valid.*|Last image|ROM checksum (?:OK|is invalid.*))$/;
// GNU ls -l / -lZ of one regular file: mode, links, owner, group, [SELinux context,] size, date, absolute path; and its
// error for a missing one. /dev/kvm has its own lines above.
const LS_FILE = /^-[rwxsStT-]{9}[.+@]?\s+\d+\s+(\S+)\s+(\S+)\s+(?:(\S+:\S+:\S+(?::\S+)?)\s+)?\d+\s+\w{3}\s+\d+\s+(?:\d{1,2}:\d{2}|\d{4})\s+(\/\S+)$/;
const LS_MISSING = /^ls: cannot access '?(\/[^':]+?)'?: No such file or directory$/;
// Listings of the kernel's own trees (/sys/kernel/iommu_groups/*, /dev/kvm, /proc/…) and globs are other parsers'
// answers (iommu-groups-ls, the /dev/kvm probe): a file a VM names is a regular path outside them.
const SYSTEM_TREE = /^\/(?:sys|proc|dev)\/|[*?[]/;
const isFileLine = (t: string) => {
  const m = LS_FILE.exec(t) ?? LS_MISSING.exec(t);
  return !!m && !SYSTEM_TREE.test(m[4] ?? m[1]!);
};
const PROBES = [ROM_SIG, PVE_NO_VFIO, KVM_MISSING, KVM_PRESENT, DMESG_DENIED, JOURNAL_DENIED, MODPROBE_FAILED, KVMOK_MISSING, KVMOK_PRESENT, KVMOK_OTHER, KVMOK_HINT];

export const probeParser: Parser = {
  kind: 'probe',
  starts: (text) => {
    const t = text.trim();
    return PROBES.some((re) => re.test(t)) || isFileLine(t);
  },
  // rom-parser's indented lines under its signature line.
  continues: (text) => ROM_PCIR.test(text.trim()) || ROM_MORE.test(text.trim()),
  parse(lines, b) {
    const bad: Line[] = [];
    const f = b.facts;
    let rom: NonNullable<typeof f.romImages>[number] | undefined;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      let m: RegExpExecArray | null;
      if (ROM_SIG.test(t)) {
        if (!rom || rom.complete) (f.romImages ??= []).push((rom = { vendor: '', device: '', types: [], complete: false, evidence: evidenceOf(l) }));
        continue;
      }
      if ((m = ROM_PCIR.exec(t)) && rom) {
        rom.vendor ||= m[2]!.toLowerCase();
        rom.device ||= m[3]!.toLowerCase();
        rom.types.push(Number.parseInt(m[1]!, 16));
        if (rom.types.length === 1) rom.evidence = evidenceOf(l);
        continue;
      }
      if (ROM_MORE.test(t) && rom) {
        if (t === 'Last image') rom.complete = true;
        continue;
      }
      if ((m = LS_FILE.exec(t)) && !SYSTEM_TREE.test(m[4]!)) {
        (f.fileStats ??= {})[m[4]!] = { exists: true, perms: t.slice(0, 10), owner: m[1], group: m[2], label: m[3], evidence: evidenceOf(l) };
        f.probes.push(evidenceOf(l));
        continue;
      }
      if ((m = LS_MISSING.exec(t)) && !SYSTEM_TREE.test(m[1]!)) {
        (f.fileStats ??= {})[m[1]!] = { exists: false, evidence: evidenceOf(l) };
        f.probes.push(evidenceOf(l));
        continue;
      }
      if (KVM_MISSING.test(t) || KVMOK_MISSING.test(t)) f.devKvm = false;
      else if (KVM_PRESENT.test(t) || KVMOK_PRESENT.test(t)) f.devKvm = true;
      else if (KVMOK_HINT.test(t)) continue; // advice, no fact
      else if (PVE_NO_VFIO.test(t)) f.buildMessages.push({ tool: 'modprobe', module: 'vfio_pci', evidence: evidenceOf(l) });
      else if (KVMOK_OTHER.test(t)) {
        // kept as evidence (the BIOS rules read it from the probes)
      }
      else if (DMESG_DENIED.test(t) || JOURNAL_DENIED.test(t)) {
        if (!f.unavailable.includes('kernel-log')) f.unavailable.push('kernel-log');
        b.note(tr(`could not read the kernel log: ${t}. Run as root (sudo dmesg) or join the systemd-journal group.`, `无法读取内核日志："${t}"。请以 root 身份运行（sudo dmesg），或加入 systemd-journal 组。`));
      } else if ((m = MODPROBE_FAILED.exec(t))) f.buildMessages.push({ tool: 'modprobe', module: m[1]!.replace(/-/g, '_'), evidence: evidenceOf(l) });
      else {
        bad.push(l);
        continue;
      }
      f.probes.push(evidenceOf(l));
    }
    return bad;
  },
};
