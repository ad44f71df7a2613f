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
const PROBES = [PVE_NO_VFIO, KVM_MISSING, KVM_PRESENT, DMESG_DENIED, JOURNAL_DENIED, MODPROBE_FAILED, KVMOK_MISSING, KVMOK_PRESENT, KVMOK_OTHER, KVMOK_HINT];

export const probeParser: Parser = {
  kind: 'probe',
  starts: (text) => {
    const t = text.trim();
    return PROBES.some((re) => re.test(t));
  },
  parse(lines, b) {
    const bad: Line[] = [];
    const f = b.facts;
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      let m: RegExpExecArray | null;
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
