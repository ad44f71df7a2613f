// Small system descriptions: uname, /etc/os-release, /proc/cpuinfo or lscpu, kernel build config.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';

// \d\S* (not \d+\S*): two quantifiers over the same digits retried every split of a long number.
const UNAME_A = /^Linux (\S+) (\d+\.\d\S*) #/;
const RELEASE = /^\d+\.\d+(?:\.\d+)?(?:[-+~][\w.+~-]*)?$/;
const PROC_VERSION = /^Linux version (\d+\.\d+\S*)/;

export const unameParser: Parser = {
  kind: 'uname',
  starts: (text) => {
    const t = text.trim();
    return UNAME_A.test(t) || PROC_VERSION.test(t);
  },
  parse(lines, b) {
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const m = UNAME_A.exec(t) ?? PROC_VERSION.exec(t);
      const release = m ? (m.length > 2 ? m[2] : m[1]) : RELEASE.test(t) ? t : undefined;
      if (!release) {
        bad.push(l);
        continue;
      }
      b.facts.kernelRelease = { value: release, evidence: evidenceOf(l) };
      if (/microsoft-standard-WSL/i.test(t)) b.facts.virt.detectVirt ??= 'wsl';
    }
    return bad;
  },
};

const OS_KEYS = /^(NAME|ID|ID_LIKE|VERSION_ID|VERSION|PRETTY_NAME|VERSION_CODENAME|UBUNTU_CODENAME|HOME_URL|SUPPORT_URL|BUG_REPORT_URL|PRIVACY_POLICY_URL|LOGO|ANSI_COLOR|BUILD_ID|DOCUMENTATION_URL|CPE_NAME|VARIANT|VARIANT_ID|IMAGE_ID|PLATFORM_ID|DEFAULT_HOSTNAME|REDHAT_\w+|SUPPORT_END|VENDOR_NAME|VENDOR_URL)=(.*)$/;

export const osReleaseParser: Parser = {
  kind: 'os-release',
  starts: (text) => /^(?:NAME|ID|ID_LIKE|VERSION_ID|PRETTY_NAME|VERSION_CODENAME)=/.test(text.trim()),
  continues: (text) => OS_KEYS.test(text.trim()),
  parse(lines, b) {
    const bad: Line[] = [];
    for (const l of lines) {
      const t = l.text.trim();
      if (!t || t.startsWith('#')) continue;
      const m = OS_KEYS.exec(t);
      if (!m) {
        bad.push(l);
        continue;
      }
      const v = m[2]!.replace(/^["'](.*)["']$/, '$1');
      const d = (b.facts.distro ??= { idLike: [], evidence: evidenceOf(l) });
      if (m[1] === 'ID') d.id = v.toLowerCase();
      else if (m[1] === 'ID_LIKE') d.idLike = v.toLowerCase().split(/\s+/).filter(Boolean);
      else if (m[1] === 'VERSION_ID') d.versionId = v;
      else if (m[1] === 'PRETTY_NAME') d.name = v;
      else if (m[1] === 'NAME' && !d.name) d.name = v;
    }
    return bad;
  },
};

const CPU_LINE = /^(vendor_id|model name|flags|Vendor ID|Model name|Flags|Virtualization|Hypervisor vendor|processor|cpu family)\s*:\s*(.*)/;

export const cpuinfoParser: Parser = {
  kind: 'cpuinfo',
  starts: (text) => /^(?:vendor_id|model name|flags|Vendor ID|Model name|Flags|Hypervisor vendor|Virtualization|Architecture|CPU op-mode\(s\))\s*:/.test(text.trim()),
  // Any "key: value" line of cpuinfo/lscpu ("On-line CPU(s) list:", "Caches (sum of all):", "L1d cache:").
  continues: (text) => /^[\w ()\-/.,]+:(?:\s|$)/.test(text.trim()),
  parse(lines, b) {
    const cpu = (b.facts.cpu ??= { evidence: [] });
    for (const l of lines) {
      const t = l.text.trim();
      const m = CPU_LINE.exec(t);
      if (!m) continue; // cpuinfo has many lines that carry nothing for us; they are understood, not unparsed
      const key = m[1]!.toLowerCase();
      const v = m[2]!.trim();
      if (key === 'vendor_id' || key === 'vendor id') {
        cpu.vendor = /GenuineIntel/i.test(v) ? 'intel' : /AuthenticAMD|HygonGenuine/i.test(v) ? 'amd' : 'other';
        if (!cpu.evidence.some((e) => e.text === t)) cpu.evidence.push(evidenceOf(l));
      } else if (key === 'model name') cpu.model ??= v;
      else if (key === 'flags') {
        // Flags repeat per CPU; the first set is enough, but keep the union in case of a partial paste.
        const set = new Set(cpu.flags ?? []);
        for (const f of v.split(/\s+/)) if (f) set.add(f);
        cpu.flags = [...set];
        if (cpu.evidence.length < 3) cpu.evidence.push({ ...evidenceOf(l), text: t.length > 160 ? `${t.slice(0, 157)}...` : t });
      } else if (key === 'hypervisor vendor') {
        b.facts.virt.detectVirt ??= v.toLowerCase();
        b.facts.virt.evidence.push(evidenceOf(l));
      }
    }
    return [];
  },
};

export const kconfigParser: Parser = {
  kind: 'kconfig',
  starts: (text) => /^(?:CONFIG_\w+=|# CONFIG_\w+ is not set)/.test(text.trim()),
  parse(lines, b) {
    const bad: Line[] = [];
    const cfg = (b.facts.kconfig ??= {});
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      let m = /^CONFIG_(\w+)=(.*)$/.exec(t);
      if (m) {
        cfg[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
        continue;
      }
      m = /^# CONFIG_(\w+) is not set$/.exec(t);
      if (m) {
        cfg[m[1]!] = 'n';
        continue;
      }
      if (t.startsWith('#')) continue;
      bad.push(l);
    }
    return bad;
  },
};
