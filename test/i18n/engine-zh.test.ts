// The engine in Chinese: fix plans, target and boot-setup reasons, notes and collection notes read as Chinese under
// --lang zh, while ids, argv, paths, file contents and diffs are byte-identical to the English run.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fixture, fixturePath, hostFrom } from '../harness';
import { setLang, tr, withLang } from '../../src/i18n/lang';
import { englishRuns, hasChinese } from './english-runs';
import { bindByAddressFixes, bindByIdFixes } from '../../src/engine/fixes/bind';
import { cmdlineFixes, kernelInstallStep } from '../../src/engine/fixes/cmdline';
import { earlyVfioSteps, mkinitcpioAppendSteps, rebuildStep, verifyInitramfsStep } from '../../src/engine/fixes/initramfs';
import { replaceLineSteps } from '../../src/engine/fixes/file-steps';
import { finishFixes } from '../../src/engine/fixes/finish';
import { plainFix } from '../../src/engine/fixes/manual';
import { slotFunctions } from '../../src/facts/targets';
import { vmTargetDevices } from '../../src/vm/target';
import { vmLabel } from '../../src/vm/host-view';
import { collectHost } from '../../src/collect/index';
import { checkedLabel, redact, redactKindLabel } from '../../src/collect/redact';
import { diagnose, diagnoseFull } from '../../src/index';
import * as hostFacts from '../../src/knowledge/host-facts';
import { deviceViews, deviceWords } from '../../src/knowledge/devices';
import type { Host } from '../../src/facts/host';
import type { BootLoader, InitramfsGenerator } from '../../src/schema/facts';
import type { Fix, FixStep } from '../../src/schema/fix';
import type { Report } from '../../src/schema/report';

const LOADERS: BootLoader[] = ['grub', 'grub-bls', 'systemd-boot', 'proxmox-boot-tool', 'kernelstub', 'nixos', 'refind'];
const GENERATORS: InitramfsGenerator[] = ['initramfs-tools', 'mkinitcpio', 'dracut', 'booster', 'nixos'];

/** Names the host gave (lspci names, class names): data, never translated. */
const hostWords = (host: Host) => host.facts.pci.flatMap((d) => [d.name ?? '', d.className ?? '']);

/** What must not change with the language: everything of a step but its description. */
const shape = (s: FixStep) => ({ ...s, description: undefined });
const fixShape = (f: Fix) => ({ ...f, title: undefined, variant: undefined, warnings: f.warnings.length, steps: f.steps.map(shape) });

/** Every prose field of a plan, labelled, for the leftover check. */
function prose(f: Fix): [string, string][] {
  return [
    [`${f.id} title`, f.title],
    ...f.warnings.map((w, i): [string, string] => [`${f.id} warning ${i}`, w]),
    ...f.steps.map((s, i): [string, string] => [`${f.id} step ${i} (${s.kind})`, s.description]),
  ];
}

/** Chinese, with no English sentence left outside code, paths, parameters, quotes and host data. */
function expectChinese(label: string, text: string, keep: readonly string[] = []) {
  expect(englishRuns(text, keep), `${label}: ${text}`).toEqual([]);
  expect(hasChinese(text), `${label}: ${text}`).toBe(true);
}

/** A host as the given boot loader and initramfs generator would have it (the builders read only these). */
const as = (host: Host, loader: BootLoader, gen: InitramfsGenerator): Host => ({
  ...host,
  bootLoader: { value: loader, candidates: [loader], reason: '', evidence: [] },
  initramfs: { value: gen, candidates: [gen], reason: '', evidence: [] },
});

/** Every plan the shared builders make for the host's target card, finished the way the engine finishes them. */
function plans(host: Host): Fix[] {
  const devs = slotFunctions(host, host.targets.gpus);
  const gen = host.initramfs.value!;
  const fixes = [
    ...bindByIdFixes(host, 'r', devs),
    ...bindByAddressFixes(host, 'r', devs),
    ...cmdlineFixes(host, 'r/add', tr('Add it', '添加参数'), { add: ['intel_iommu=on', 'iommu=pt'] }),
    ...cmdlineFixes(host, 'r/remove', tr('Remove it', '移除参数'), { remove: ['pcie_acs_override', 'iommu=off'] }),
    ...cmdlineFixes(host, 'r/both', tr('Change it', '修改参数'), { add: ['amd_iommu=on'], remove: ['amd_iommu=off'] }),
    plainFix('r/steps', tr('Steps', '步骤'), '', [
      ...earlyVfioSteps(host, gen, ['/usr/local/bin/x.sh']),
      ...mkinitcpioAppendSteps(host, 'MODULES', ['MODULES+=(vfio_pci)'], tr('Add vfio_pci', '加入 vfio_pci')),
      ...replaceLineSteps(host, '/etc/modprobe.d/vfio.conf', 'options vfio-pci ids=10de:1', 'options vfio-pci ids=10de:2204', tr('Fix the ID', '改正 ID')),
      rebuildStep(gen),
      kernelInstallStep(host),
      kernelInstallStep({ ...host, kernel: undefined }),
      verifyInitramfsStep(gen, host.kernel?.release),
    ]),
  ];
  return finishFixes(host, fixes).fixes;
}

const HOSTS = ['pastes/seed-identical-3090ti.txt', 'pastes/rx6800-amdgpu.txt', 'pastes/turing-2080-usbc.txt', 'pastes/proxmox-systemd-boot.txt'];

describe('fix plans in Chinese: the prose follows the language, nothing else does', () => {
  for (const name of HOSTS) {
    it(name, () => {
      const text = fixture(name);
      const en = hostFrom(text);
      const zh = withLang('zh', () => hostFrom(text));
      expect(en.targets.gpus.length, 'the fixture has a target card').toBeGreaterThan(0);
      const keep = hostWords(en);
      for (const loader of LOADERS)
        for (const gen of GENERATORS) {
          const a = plans(as(en, loader, gen));
          const b = withLang('zh', () => plans(as(zh, loader, gen)));
          expect(b.map(fixShape), `${loader} + ${gen}`).toEqual(a.map(fixShape));
          for (const f of b) {
            for (const [label, t] of prose(f)) expectChinese(`${loader} + ${gen}: ${label}`, t, keep);
            if (f.variant) expect(englishRuns(f.variant), f.variant).toEqual([]);
          }
        }
    });
  }

  it('drops a plan this kernel cannot carry out with a Chinese reason', () => {
    const host = hostFrom(fixture('pastes/rx6800-amdgpu.txt'));
    const noVfio = { ...host, facts: { ...host.facts, kconfig: { VFIO: 'n' as const } } };
    const fixes = bindByIdFixes(as(noVfio, 'grub', 'initramfs-tools'), 'r', slotFunctions(host, host.targets.gpus));
    const dropped = withLang('zh', () => finishFixes(as(noVfio, 'grub', 'initramfs-tools'), fixes.filter((f) => f.id.includes('modprobe'))).dropped);
    expect(dropped.length).toBeGreaterThan(0);
    for (const d of dropped) expectChinese('dropped', d);
  });
});

const PASTES = readdirSync(fixturePath('pastes')).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'));
const NOW = new Date('2026-01-01T00:00:00Z');

/** The report without what a reader reads: what --json consumers and apply/ rely on. */
const reportShape = (r: Report) => ({
  summary: r.summary,
  // The distribution's value is a name, or a family with how it was guessed ("ubuntu (from the kernel release)").
  host: Object.fromEntries(Object.entries(r.host).map(([k, v]) => [k, k === 'distro' ? undefined : v && typeof v === 'object' ? { ...v, reason: undefined } : v])),
  targets: { ...r.targets, reason: undefined },
  devices: r.devices,
  groups: r.groups,
  // Evidence quoted from a source is the same in both; a line a rule writes when nothing can be quoted (a module
  // missing from /proc/modules) is prose and follows the language.
  findings: r.findings.map((f) => ({ ...f, title: undefined, message: undefined, fixes: f.fixes.map(fixShape), evidence: f.evidence.map((e) => ({ source: e.source, line: e.line })) })),
  unableToCheck: r.unableToCheck.map((u) => u.id),
  notes: r.notes.length,
  unparsed: r.unparsed,
});

const MINE: readonly (keyof Report['host'])[] = ['cpuVendor', 'bootLoader', 'initramfs'];

describe('reports in Chinese: same ids, argv, paths and diffs; reasons in Chinese', () => {
  for (const name of PASTES) {
    it(name, () => {
      const text = readFileSync(fixturePath(`pastes/${name}`), 'utf8');
      const sources = [{ source: 'pasted text', text }];
      const en = diagnose(sources, { now: NOW });
      const zh = withLang('zh', () => diagnose(sources, { now: NOW }));
      expect(zh.lang).toBe('zh');
      expect(reportShape(zh)).toEqual(reportShape(en));
      const keep = [...zh.devices.map((d) => d.name ?? '')];
      expectChinese('targets.reason', zh.targets.reason, keep);
      for (const k of MINE) {
        const v = zh.host[k] as { reason?: string };
        if (v.reason) expectChinese(`host.${k}.reason`, v.reason, keep);
      }
      for (const n of zh.notes) expectChinese('note', n, keep);
      expect(zh.host.distro.value === null, 'the distribution is known in both or in neither').toBe(en.host.distro.value === null);
      if (zh.host.distro.value !== en.host.distro.value) expectChinese('host.distro', zh.host.distro.value ?? '');
    });
  }
});

describe('collection and VM output in Chinese', () => {
  for (const name of readdirSync(fixturePath('sysroots')).sort())
    it(`sysroot ${name} read in Chinese: notes and reasons in Chinese, everything else as in English`, async () => {
      const root = fixturePath(`sysroots/${name}`);
      const enSources = await collectHost({ root });
      setLang('zh');
      try {
        const zhSources = await collectHost({ root });
        const zh = diagnose(zhSources, { now: NOW });
        const en = withLang('en', () => diagnose(enSources, { now: NOW }));
        expect(reportShape(zh)).toEqual(reportShape(en));
        expect(zh.notes.some((n) => n.includes('sysroot')), 'the sysroot note').toBe(true);
        const keep = zh.devices.map((d) => d.name ?? '');
        for (const n of zh.notes) expectChinese('note', n, keep);
        expectChinese('targets.reason', zh.targets.reason, keep);
        for (const k of MINE) {
          const v = zh.host[k] as { reason?: string };
          if (v.reason) expectChinese(`host.${k}.reason`, v.reason, keep);
        }
      } finally {
        setLang('en');
      }
    });

  it('VM target notes, errors and labels', () => {
    const text = fixture('pastes/seed-identical-3090ti.txt');
    const en = hostFrom(text, ['01:00.0']);
    const zh = withLang('zh', () => hostFrom(text, ['01:00.0']));
    const a = vmTargetDevices(en);
    const b = withLang('zh', () => vmTargetDevices(zh));
    expect('bdfs' in b && 'bdfs' in a && b.bdfs).toEqual('bdfs' in a && a.bdfs);
    if ('notes' in b) for (const n of b.notes) expectChinese('vm note', n);
    const none = withLang('zh', () => vmTargetDevices({ ...zh, targets: { gpus: [], inferred: true, reason: zh.targets.reason } }));
    expect('error' in none).toBe(true);
    if ('error' in none) expectChinese('vm error', none.error);
    expect(withLang('zh', () => vmLabel({ kind: 'libvirt', name: 'win11', hostdevs: [] } as never))).toBe('libvirt 虚拟机 "win11"');
    expect(withLang('zh', () => vmLabel({ kind: 'proxmox', hostdevs: [] } as never))).toBe('该 Proxmox 虚拟机');
  });
});

describe("the chat's host facts in Chinese", () => {
  const fns = Object.entries(hostFacts).filter((e): e is [string, hostFacts.FactsFn] => typeof e[1] === 'function' && e[0].endsWith('Facts'));
  it('has the facts functions to check', () => expect(fns.length).toBeGreaterThan(10));
  for (const name of PASTES) {
    it(name, () => {
      const text = readFileSync(fixturePath(`pastes/${name}`), 'utf8');
      withLang('zh', () => {
        const { report, host } = diagnoseFull([{ source: 'pasted text', text }], { now: NOW });
        // deviceWords ("the SATA controller at 01:00.1 …") belongs to knowledge/devices.ts, translated with the chat.
        const keep = [...hostWords(host), ...deviceViews(host).map(deviceWords)];
        for (const [fn, f] of fns) for (const line of f({ report, host })) expectChinese(fn, line, keep);
      });
    });
  }
});

describe('redaction labels in Chinese', () => {
  it('names every kind a redaction replaced, and what it checks, in Chinese', () => {
    const text = [
      'Jan 01 12:00:00 myhost kernel: x',
      'ether 52:54:00:12:34:56 inet 192.168.1.20 fe80::5054:ff:fe12:3456',
      '/home/alice/vm.xml mail alice@example.org serial: S3Z9NB0K123456',
      'UUID=3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b machine-id 0123456789abcdef0123456789abcdef',
      'ssid=HomeWifi arn:aws:iam::123456789012:role/x i-0123456789abcdef0',
    ].join('\n');
    const { kinds } = redact(text, { hostnames: ['myhost'], users: ['alice'] });
    expect(kinds.size).toBeGreaterThan(6);
    withLang('zh', () => {
      // UUID is written the same in Chinese; every other kind has Chinese words.
      for (const k of kinds) expect(k === 'UUIDs' ? redactKindLabel(k) === 'UUID' : hasChinese(redactKindLabel(k)), k).toBe(true);
      expectChinese('checked', checkedLabel());
    });
    expect([...kinds].map(redactKindLabel)).toEqual([...kinds]);
  });
});
