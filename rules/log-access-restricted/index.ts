// J1: the kernel log could not be read (dmesg_restrict, no journal access): say what is missing and how to get it.
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'log-access-restricted';

// util-linux dmesg and journalctl, run without the rights to read the kernel log.
const DENIED = /^dmesg: read kernel buffer failed: Operation not permitted|^No journal files were opened due to insufficient permissions/;

export const messages = {
  unreadable: ({ note, restricted }: { note?: string; restricted: boolean }) =>
    `${note ?? 'The kernel log could not be read.'} Everything read from sysfs (devices, drivers, groups) is still checked, but rules that need boot messages are reported as "unable to check".${restricted ? ' kernel.dmesg_restrict is 1 on this host.' : ''}`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'J1',
    title: 'The kernel log could not be read',
    severity: 'info',
    category: 'config',
    summary: 'dmesg is restricted to root (kernel.dmesg_restrict=1) and the journal was not readable; log-based checks are skipped.',
    docs: ['https://docs.kernel.org/admin-guide/sysctl/kernel.html#dmesg-restrict'],
    keywords: ['dmesg', 'permission', 'operation not permitted', 'dmesg_restrict', 'journalctl', 'root', 'sudo'],
    reads: { log: ['^dmesg: read kernel buffer failed', '^No journal files were opened'] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    // A pasted `dmesg` / `journalctl -k` run as a user prints these instead of the log (util-linux, journalctl).
    // The probe parser records them (facts.probes); a log section may also carry them.
    const denied = [
      ...f.probes.filter((e) => /dmesg: read kernel buffer failed|insufficient permissions/.test(e.text)),
      ...host.log(DENIED).map((l) => l.evidence),
    ];
    // Collection and the paste parsers both record an unreadable log as unavailable=kernel-log.
    if (!f.unavailable.includes('kernel-log') && denied.length === 0) return [];
    const note = f.notes.find((n) => /kernel log/.test(n)) ?? (denied.length ? `The kernel log could not be read: "${denied[0]!.text}".` : undefined);
    return [
      {
        messageId: 'unreadable',
        data: { note, restricted: f.dmesgRestrict === true },
        evidence: [
          ...(f.collected ? [{ source: '/proc/sys/kernel/dmesg_restrict', text: f.dmesgRestrict === undefined ? tr('(not readable)', '（无法读取）') : f.dmesgRestrict ? '1' : '0' }] : []),
          ...denied,
        ],
        fixes: [
          plainFix(`${ID}/sudo`, tr('Run with access to the kernel log', '以能读取内核日志的身份运行'), tr('sudo or journal group', 'sudo 或 journal 组'), [
              { kind: 'manual', description: tr('Run vfio-doctor with sudo, or join the systemd-journal group (sudo usermod -aG systemd-journal $USER, then log in again) so journalctl -k can be read.', '用 sudo 运行 vfio-doctor，或加入 systemd-journal 组（sudo usermod -aG systemd-journal $USER，然后重新登录），这样就能读取 journalctl -k。') },
            ], { needsReboot: false }),
        ],
      },
    ];
  },
});
