// Issue 17, first half of the rules: each rule's firing case (its fires.txt) and some "cannot check" cases, run in
// English and in Chinese. The Chinese run must write Chinese from the same message ids and data as the English one.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/engine/rule';
import { getLang, withLang } from '../../src/i18n/lang';
import { hasCjk } from '../../src/i18n/space';
import { fixture, paste, runRule } from '../harness';
import { rule as acsOverrideActive } from '../../rules/acs-override-active/index';
import { rule as acsOverrideUnsupportedKernel } from '../../rules/acs-override-unsupported-kernel/index';
import { rule as amdIommuOnNoop } from '../../rules/amd-iommu-on-noop/index';
import { rule as amdIommuSmeConflict } from '../../rules/amd-iommu-sme-conflict/index';
import { rule as amdIvrsIoapicBug } from '../../rules/amd-ivrs-ioapic-bug/index';
import { rule as armHypModeUnavailable } from '../../rules/arm-hyp-mode-unavailable/index';
import { rule as cmdlineConfigDrift } from '../../rules/cmdline-config-drift/index';
import { rule as cpuVirtExtAbsent } from '../../rules/cpu-virt-ext-absent/index';
import { rule as d3PowerStateIssues } from '../../rules/d3-power-state-issues/index';
import { rule as firmwareDirectMappingRequired } from '../../rules/firmware-direct-mapping-required/index';
import { rule as gpuBoundToHostDriver } from '../../rules/gpu-bound-to-host-driver/index';
import { rule as gpuCompanionFunctions } from '../../rules/gpu-companion-functions/index';
import { rule as groupNotIsolated } from '../../rules/group-not-isolated/index';
import { rule as groupNotViable } from '../../rules/group-not-viable/index';
import { rule as guestRamPinFailed } from '../../rules/guest-ram-pin-failed/index';
import { rule as identicalGpusIdCollision } from '../../rules/identical-gpus-id-collision/index';
import { rule as intelIommuNotEnabled } from '../../rules/intel-iommu-not-enabled/index';
import { rule as intelIommuPlatformOptin } from '../../rules/intel-iommu-platform-optin/index';
import { rule as intelRmrrIneligible } from '../../rules/intel-rmrr-ineligible/index';
import { rule as iommuDisabledByCmdline } from '../../rules/iommu-disabled-by-cmdline/index';
import { rule as iommuFirmwareDisabled } from '../../rules/iommu-firmware-disabled/index';
import { rule as iommuGroupsAbsent } from '../../rules/iommu-groups-absent/index';
import { rule as iommuPtMode } from '../../rules/iommu-pt-mode/index';
import { shapeOf } from './message-shape';

const RULES: Rule[] = [
  acsOverrideActive, acsOverrideUnsupportedKernel, amdIommuOnNoop, amdIommuSmeConflict, amdIvrsIoapicBug, armHypModeUnavailable,
  cmdlineConfigDrift, cpuVirtExtAbsent, d3PowerStateIssues, firmwareDirectMappingRequired, gpuBoundToHostDriver, gpuCompanionFunctions,
  groupNotIsolated, groupNotViable, guestRamPinFailed, identicalGpusIdCollision, intelIommuNotEnabled, intelIommuPlatformOptin,
  intelRmrrIneligible, iommuDisabledByCmdline, iommuFirmwareDisabled, iommuGroupsAbsent, iommuPtMode,
];

/** Rules whose fixes all come from shared builders (binding by ID or address): their fix titles are not the rule's. */
const SHARED_FIXES = new Set(['gpu-bound-to-host-driver', 'gpu-companion-functions', 'group-not-viable', 'identical-gpus-id-collision']);


/** Both runs of one rule on one paste; the language is back to English afterwards. */
function bothRuns(rule: Rule, text: string) {
  const en = runRule(rule, text);
  const zh = withLang('zh', () => runRule(rule, text));
  expect(getLang()).toBe('en');
  return { en, zh };
}

describe('rules in Chinese (first half): the firing case of each rule', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    it(`${id}: Chinese title, summary and message from the English run's message ids and data`, () => {
      const { en, zh } = bothRuns(rule, fixture(`rules/${id}/fires.txt`));
      expect(en.findings.length, 'the fixture fires').toBeGreaterThan(0);
      expect(zh.unable).toBeUndefined();
      // Ids and the shape of the data are the language-free part of a finding (descriptions inside the data, such as
      // "(driver vfio-pci)" from the shared device describer, are written in the run's language).
      expect(zh.messages.map(shapeOf)).toEqual(en.messages.map(shapeOf));
      expect(zh.findings.map((f) => [f.id, f.severity, f.devices])).toEqual(en.findings.map((f) => [f.id, f.severity, f.devices]));
      expect(zh.findings.map((f) => f.fixes.map((x) => x.id))).toEqual(en.findings.map((f) => f.fixes.map((x) => x.id)));
      expect(hasCjk(rule.meta.zh!.title) && hasCjk(rule.meta.zh!.summary)).toBe(true);
      zh.findings.forEach((f, i) => {
        const e = en.findings[i]!;
        expect(hasCjk(e.message), `English message of ${id}`).toBe(false);
        expect(hasCjk(f.message), `Chinese message of ${id}: ${f.message}`).toBe(true);
        expect(f.title).toBe(rule.meta.zh!.title);
        expect(e.title).toBe(rule.meta.title);
        if (!SHARED_FIXES.has(id)) for (const x of f.fixes) expect(hasCjk(x.title), `fix ${x.id}: ${x.title}`).toBe(true);
        for (const x of e.fixes) expect(hasCjk(`${x.title} ${x.variant ?? ''} ${x.warnings.join(' ')} ${x.steps.map((s) => s.description).join(' ')}`), `English fix ${x.id}`).toBe(false);
      });
    });
  }
});

// "Cannot check" reasons are messages too; these pastes come from the rules' own tables.
const CMDLINE = 'BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet pcie_acs_override=downstream,multifunction';
const UNABLE: { rule: Rule; name: string; text: string; en: RegExp }[] = [
  { rule: acsOverrideActive, name: 'parameter on an unknown kernel without a log', text: paste('$ cat /proc/cmdline', CMDLINE.replace('-pve', '')), en: /whether this kernel carries the ACS override patch is unknown/ },
  {
    rule: intelIommuNotEnabled,
    name: 'groups empty, Intel, but no command line',
    text: paste('=== host ===', 'acpi_dmar=present', 'iommu_class=', 'iommu_groups=empty', '=== /proc/cpuinfo ===', 'vendor_id\t: GenuineIntel', 'flags\t\t: fpu vmx'),
    en: /no kernel command line/,
  },
  {
    rule: intelIommuNotEnabled,
    name: 'inside a VM',
    text: paste('=== host ===', 'systemd_detect_virt=kvm', 'iommu_groups=empty', '=== /proc/cpuinfo ===', 'vendor_id\t: GenuineIntel', 'flags\t\t: fpu hypervisor'),
    en: /virtual machine/,
  },
  { rule: iommuGroupsAbsent, name: 'only a command line', text: paste('BOOT_IMAGE=/boot/vmlinuz-6.8.0-45-generic root=UUID=0b7c1e4e ro quiet splash intel_iommu=on'), en: /no IOMMU group listing was given/ },
  {
    rule: cmdlineConfigDrift,
    name: 'a grub file without its command-line variables',
    text: paste('$ cat /etc/default/grub', 'GRUB_DEFAULT=0', 'GRUB_TIMEOUT=5', '$ cat /proc/cmdline', 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=UUID=1f8e3a6c ro quiet intel_iommu=on'),
    en: /sets no kernel command line/,
  },
];

describe('rules in Chinese (first half): cannot-check reasons', () => {
  for (const c of UNABLE)
    it(`${c.rule.meta.id}: ${c.name}`, () => {
      const { en, zh } = bothRuns(c.rule, c.text);
      expect(en.unable).toMatch(c.en);
      expect(zh.findings).toEqual([]);
      expect(hasCjk(zh.unable ?? ''), zh.unable).toBe(true);
      expect(zh.unable).not.toMatch(c.en);
    });
});
