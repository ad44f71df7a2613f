// Every paste the tests have (fixture pastes, each rule's fires/clean pair, each line of the log-line table), and a way
// to bury one among log chatter: the corpus that the fast paths for big inputs must read exactly as the plain paths.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixture, fixturePath } from './harness';

/** Every paste we have: the fixture pastes, every rule's fires/clean pair, and each line of the log-line table. */
export function corpus(): [string, string][] {
  const out: [string, string][] = [];
  for (const f of readdirSync(fixturePath('pastes')).filter((f) => f.endsWith('.txt') && !f.endsWith('.golden.txt'))) out.push([f, fixture(`pastes/${f}`)]);
  for (const id of readdirSync(fixturePath('rules')))
    for (const f of ['fires.txt', 'clean.txt']) {
      try {
        out.push([`${id}/${f}`, fixture(`rules/${id}/${f}`)]);
      } catch {
        // a rule without its pair is reported by test/rule-fixtures.test.ts
      }
    }
  const table = readFileSync(fileURLToPath(new URL('./log-table.test.ts', import.meta.url)), 'utf8');
  for (const m of table.matchAll(/^\s*\[(['"])((?:\\.|(?!\1).)*)\1,\s*'[a-z0-9-]+'\],?$/gm)) out.push([`log table: ${m[2]}`, `${m[2]!.replace(/\\(['"\\])/g, '$1')}\n`]);
  return out;
}

export const CHATTER = [
  'usb 3-2: new SuperSpeed USB device number 4 using xhci_hcd',
  '[UFW BLOCK] IN=enp5s0 OUT= MAC=aa:bb SRC=192.168.1.5 DST=192.168.1.10 LEN=60 PROTO=TCP SPT=4000 DPT=22',
  'audit: type=1400 audit(1732521791.1:2): apparmor="DENIED" operation="open" profile="snap.firefox" name="/dev/vfio/vfio"',
  'EXT4-fs (nvme0n1p2): mounted filesystem with ordered data mode. Quota mode: none.',
  'Bluetooth: hci0: ACL packet for unknown connection handle 3',
  'perf: interrupt took too long (2501 > 2500), lowering kernel.perf_event_max_sample_rate to 79000',
  'br0: port 2(tap103i0) entered forwarding state',
  'wlp4s0: authenticate with 11:22:33:44:55:66',
  'tap103i0: entered promiscuous mode',
];

/** A paste's log lines as a big `journalctl -k`, each line of the paste between lines of chatter. */
export function withChatter(text: string): string {
  const out: string[] = [];
  let n = 0;
  for (const l of text.split('\n')) {
    out.push(l);
    for (let i = 0; i < 3; i++) out.push(`Nov 25 13:03:${String(n++ % 60).padStart(2, '0')} host kernel: ${CHATTER[n % CHATTER.length]}`);
  }
  return out.join('\n');
}


// A kernel-log line as pasted: dmesg, dmesg -T, or a journal line.
const LOG_LINE = /^\s*(?:\[\s*\d+\.\d+\]|\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) |(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d )/;

/**
 * A paste's log as a week of `journalctl -k`: three lines of chatter between each two of its log lines, the rest of
 * the paste (other commands' output) left as it is, since a log never runs through the middle of another output.
 */
export function withLogChatter(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let n = 0;
  lines.forEach((l, i) => {
    out.push(l);
    if (LOG_LINE.test(l) && LOG_LINE.test(lines[i + 1] ?? ''))
      for (let k = 0; k < 3; k++) out.push(`Nov 25 13:03:${String(n++ % 60).padStart(2, '0')} host kernel: ${CHATTER[n % CHATTER.length]}`);
  });
  return out.join('\n');
}
