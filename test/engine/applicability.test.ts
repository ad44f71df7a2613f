// What the engine does with a rule's declared CPU family (meta.cpu) and its required inputs (meta.requires): a rule for
// another CPU is neither run nor listed; unknown CPU runs it; a missing input is recorded as its kind, not only as prose.
import { describe, it, expect } from 'vitest';
import { runRules, cpuApplies } from '../../src/engine/run';
import { defineRule } from '../../src/engine/rule';
import { RULES } from '../../rules/index';
import { hostFrom, paste } from '../harness';

// amd_iommu= tells an AMD host, intel_iommu= an Intel one (facts/host.ts cpuVendorOf); neither: unknown.
const AMD = paste('BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro amd_iommu=on');
const INTEL = paste('BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro intel_iommu=on');
const UNKNOWN = paste('BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet');

let ran = 0;
const probe = (cpu: 'intel' | 'amd' | 'arm' | undefined) =>
  defineRule({
    meta: { id: `probe-${cpu}`, title: 'probe', severity: 'warning', category: 'environment', summary: '', docs: [], cpu, requires: ['kernelLog'], messages: {} },
    check: () => {
      ran++;
      return [];
    },
  });

describe('meta.cpu', () => {
  it.each<[string, string, 'intel' | 'amd' | 'arm' | undefined, boolean]>([
    ['an Intel rule on an AMD host', AMD, 'intel', false],
    ['an AMD rule on an AMD host', AMD, 'amd', true],
    ['an Arm rule on an Intel host', INTEL, 'arm', false],
    ['an Intel rule on an unknown CPU', UNKNOWN, 'intel', true],
    ['a rule for every CPU', AMD, undefined, true],
  ])('%s: run and listed = %s', (_n, text, cpu, applies) => {
    ran = 0;
    const r = runRules([probe(cpu)], hostFrom(text));
    expect(ran).toBe(applies ? 1 : 0);
    // Nothing found without a kernel log: "could not check" only when the rule can apply at all.
    expect(r.unableToCheck.map((u) => u.id)).toEqual(applies ? [`probe-${cpu}`] : []);
  });

  it('cpuApplies: other (Arm) hosts take only Arm rules; unknown takes every rule', () => {
    expect(cpuApplies('arm', 'other')).toBe(true);
    expect(cpuApplies('amd', 'other')).toBe(false);
    expect(cpuApplies('intel', undefined)).toBe(true);
    expect(cpuApplies(undefined, 'intel')).toBe(true);
  });

  it('the vendor-specific rules declare their family, and no GPU-vendor rule claims a CPU', () => {
    const cpu = Object.fromEntries(RULES.filter((r) => r.meta.cpu).map((r) => [r.meta.id, r.meta.cpu]));
    expect(cpu).toMatchObject({ 'vtx-disabled-by-bios': 'intel', 'svm-disabled-by-bios': 'amd', 'intel-iommu-not-enabled': 'intel', 'amd-ivrs-ioapic-bug': 'amd', 'arm-hyp-mode-unavailable': 'arm' });
    // amd-reset-bug is about AMD GPUs, which sit in Intel hosts too.
    expect(cpu['amd-reset-bug']).toBeUndefined();
    for (const r of RULES) if (/^(?:intel|vtx)-/.test(r.meta.id)) expect(r.meta.cpu, r.meta.id).toBe('intel');
  });

  it('on a whole AMD report, no Intel or Arm rule appears under could-not-check', () => {
    const r = runRules(RULES, hostFrom(AMD));
    const ids = r.unableToCheck.map((u) => u.id);
    expect(ids).not.toContain('vtx-disabled-by-bios');
    expect(ids).not.toContain('intel-rmrr-ineligible');
    expect(ids).not.toContain('arm-hyp-mode-unavailable');
    expect(ids.length).toBeGreaterThan(10);
  });
});

describe('a missing input is recorded as its kind', () => {
  it('the first missing requirement names the inputs; a reason of the rule\'s own has none', () => {
    const own = defineRule({
      meta: { id: 'own', title: 'own', severity: 'info', category: 'config', summary: '', docs: [], messages: { why: () => 'file times are unknown' } },
      check: (_h, ctx) => ctx.unable('why'),
    });
    const any = defineRule({
      meta: { id: 'any', title: 'any', severity: 'info', category: 'config', summary: '', docs: [], requires: [{ anyOf: ['qemuLog', 'kernelLog'] }], messages: {} },
      check: () => [],
    });
    const r = runRules([probe(undefined), any, own], hostFrom(UNKNOWN));
    expect(r.unableToCheck).toEqual([
      { id: 'probe-undefined', title: 'probe', reason: 'no kernel log was given (paste sudo dmesg)', inputs: ['kernelLog'] },
      { id: 'any', title: 'any', reason: expect.stringMatching(/^neither QEMU or libvirt error nor kernel log was given/), inputs: ['qemuLog', 'kernelLog'] },
      { id: 'own', title: 'own', reason: 'file times are unknown' },
    ]);
  });

  it('a device listing without any GPU: the reason is why none was picked, not "paste lspci"', () => {
    const gpu = defineRule({
      meta: { id: 'gpu', title: 'gpu', severity: 'info', category: 'binding', summary: '', docs: [], requires: ['targetGpu'], messages: {} },
      check: () => [],
    });
    const none = runRules([gpu], hostFrom(UNKNOWN)).unableToCheck[0]!;
    expect(none).toMatchObject({ reason: 'no GPU to pass through was given (paste lspci -nnk)', inputs: ['targetGpu'] });
    const nic = runRules([gpu], hostFrom(paste('$ lspci -nn', '03:00.0 Ethernet controller [0200]: Intel Corporation I211 Gigabit Network Connection [8086:1539] (rev 03)'))).unableToCheck[0]!;
    expect(nic.reason).toBe('no GPU was found in the input');
    expect(nic.inputs).toBeUndefined();
  });
});
