// Names to redact from a bundle: this host's name and the login names of its users.
import type { HostIO } from './io';
import type { RedactOptions } from './redact';

export async function identity(io: HostIO): Promise<RedactOptions> {
  const hostnames = new Set<string>();
  for (const p of ['/proc/sys/kernel/hostname', '/etc/hostname']) {
    const h = (await io.readFile(p, 4096).catch(() => undefined))?.trim();
    if (h) {
      hostnames.add(h);
      hostnames.add(h.split('.')[0]!);
    }
  }
  const users = new Set<string>();
  const passwd = await io.readFile('/etc/passwd', 1024 * 1024).catch(() => undefined);
  for (const line of passwd?.split('\n') ?? []) {
    const [name, , uid] = line.split(':');
    const n = Number(uid);
    if (name && n >= 1000 && n < 65534) users.add(name);
  }
  return { hostnames: [...hostnames], users: [...users] };
}
