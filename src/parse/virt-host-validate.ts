// libvirt's virt-host-validate: "  QEMU: Checking if IOMMU is enabled by kernel      : PASS" lines, read as the facts each check tests.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';
import type { FactsSink } from '../schema/facts-sink';
import type { Evidence } from '../schema/evidence';
import { tr } from '../i18n/lang';

// tools/virt-host-validate-common.c virHostMsgCheck() prints "%6s: Checking " + the check, padded, then ": " and the
// result from virHostMsgPass()/virHostMsgFail() ("PASS", "WARN (…)", "FAIL (…)", "NOTE (…)").
const HEAD = /^(?:QEMU|LXC|BHYVE|CH): Checking /;
const RESULT = /: (PASS|WARN|FAIL|NOTE)\b(?: \((.*)\))?\s*$/;

export interface HostCheck {
  check: string;
  result: 'PASS' | 'WARN' | 'FAIL' | 'NOTE';
  detail?: string;
}

export function hostCheckOf(text: string): HostCheck | undefined {
  const t = text.trim();
  if (!HEAD.test(t)) return undefined;
  const m = RESULT.exec(t);
  if (!m) return undefined;
  const body = t.slice(t.indexOf('Checking ') + 9, m.index).trim();
  return { check: body, result: m[1] as HostCheck['result'], detail: m[2] };
}

/**
 * What each IOMMU check tests (virHostValidateIOMMU): "device assignment IOMMU support" looks for the ACPI DMAR
 * (Intel CPU) or IVRS (AMD CPU) table in /sys/firmware/acpi/tables; "if IOMMU is enabled by kernel" counts the
 * entries of /sys/kernel/iommu_groups. "/dev/kvm exists" is virHostValidateDeviceExists on /dev/kvm.
 */
// What earlier sections of the same input reported, per builder: a check run twice (host and pod) spans sections.
const seen = new WeakMap<FactsSink, { passed: Set<string>; undo: Map<string, () => void> }>();

function apply(checks: { c: HostCheck; ev: Evidence }[], b: FactsSink): void {
  let st = seen.get(b);
  if (!st) seen.set(b, (st = { passed: new Set(), undo: new Map() }));
  // A check that passed anywhere in the input wins over the same check failing elsewhere: run in a container
  // without the host's /sys/firmware (a pod, a toolbox), it fails although the host is fine.
  const conflict = (c: HostCheck) =>
    b.note(
      tr(
        `virt-host-validate reports "${c.check}" both as PASS and as a failure: the PASS is kept (the failing run was probably inside a container that does not see the host's /sys).`,
        `virt-host-validate 对 "${c.check}" 既报告了 PASS 又报告了失败：采用 PASS（失败的那次很可能是在看不到宿主机 /sys 的容器里运行的）。`,
      ),
    );
  for (const { c } of checks) if (c.result === 'PASS') st.passed.add(c.check);
  for (const { c, ev } of checks) {
    b.facts.probes.push(ev);
    const failed = c.result !== 'PASS' && c.result !== 'NOTE';
    if (failed && st.passed.has(c.check)) {
      conflict(c);
      continue;
    }
    if (c.result === 'PASS' && st.undo.has(c.check)) {
      st.undo.get(c.check)!();
      st.undo.delete(c.check);
      conflict(c);
    }
    if (/^if IOMMU is enabled by kernel$/i.test(c.check)) {
      // A PASS outranks an earlier "disabled" in iommuState(); the empty listing it left needs no undo.
      if (c.result === 'PASS') b.facts.iommuGroupsSeen ??= ev;
      else if (/IOMMU appears to be disabled in kernel/.test(c.detail ?? '')) {
        b.markGroupsKnown(ev);
        // The hint names the argument for the table the check before found: intel_iommu=on when
        // /sys/firmware/acpi/tables/DMAR exists (vmx CPU), "iommu=pt iommu=1" when IVRS does (svm CPU).
        if (/Add intel_iommu=on to kernel cmdline/.test(c.detail ?? '')) b.facts.acpiTables.DMAR ??= true;
        else if (/Add iommu=pt iommu=1 to kernel cmdline/.test(c.detail ?? '')) b.facts.acpiTables.IVRS ??= true;
      }
    } else if (/^for device assignment IOMMU support$/i.test(c.check) && failed) {
      const table = /No ACPI (DMAR|IVRS) table found/.exec(c.detail ?? '')?.[1] as 'DMAR' | 'IVRS' | undefined;
      if (table) {
        b.facts.acpiTables[table] = false;
        st.undo.set(c.check, () => delete b.facts.acpiTables[table]);
      }
    } else if (/^if device \/dev\/kvm exists$/i.test(c.check)) {
      b.facts.devKvm = c.result === 'PASS';
    }
  }
}

export const virtHostValidateParser: Parser = {
  kind: 'virt-host-validate',
  starts: (text) => hostCheckOf(text) !== undefined,
  parse(lines: Line[], b) {
    const bad: Line[] = [];
    const checks: { c: HostCheck; ev: Evidence }[] = [];
    for (const l of lines) {
      if (!l.text.trim()) continue;
      const c = hostCheckOf(l.text);
      if (c) checks.push({ c, ev: evidenceOf(l) });
      else bad.push(l);
    }
    apply(checks, b);
    return bad;
  },
};
