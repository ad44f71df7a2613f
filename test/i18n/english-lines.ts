// Finds English sentences left in Chinese CLI output (report, help): runs of three or more plain English words once commands, paths,
// parameters, options, code spans, evidence and log lines (which are never translated) are taken out.

/** Lower-case words that are names, not English prose: programs, distributions, vendors, command words of the tool. */
export const ALLOWED = new Set(
  [
    // the tool's own command words and option values (typed as they are in both languages)
    'analyze', 'analyse', 'collect', 'rules', 'fix', 'undo', 'schema', 'vm', 'help', 'chat', 'gpu', 'why', 'apply', 'export', 'zh', 'en',
    // programs, boot loaders, init systems, file formats
    'sudo', 'dmesg', 'lspci', 'cat', 'journalctl', 'grub', 'initramfs', 'dracut', 'mkinitcpio', 'booster', 'systemd', 'udev', 'modprobe',
    'libvirt', 'virsh', 'qemu', 'proxmox', 'qm', 'set', 'json', 'markdown', 'issue', 'uuid', 'usb', 'live', 'ssh', 'root', 'stdout', 'stdin',
    // vendors, drivers and distributions
    'intel', 'amd', 'nvidia', 'nouveau', 'amdgpu', 'radeon', 'ubuntu', 'debian', 'fedora', 'arch', 'mint', 'pop', 'unraid',
    'corporation', 'geforce', 'ti', 'radeon', 'multifunction', 'schema', 'wi', 'fi', 'ctrl', 'enter', 'active', 'info',
  ].map((w) => w.toLowerCase()),
);

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f“”‘’—…]/gu;

/** Lines that are commands, evidence, diffs or shell (never translated): dropped whole. */
const VERBATIM = /^\s*(?:\$ |for |echo |[+-]{3} |@@ |[+-](?![-\s])|\d*\s*│|…)|│/;

/** Tokens that are not prose: paths, options, parameters, ids, addresses, placeholders, numbers. */
const TECHNICAL = (t: string) => /[/=:._\[\]|<>{}$@#\d]|^-|-|^[A-Z0-9-]{2,}[,;.)]*$/.test(t) || /^\(|\)$/.test(t);

/**
 * The English runs of one line: three or more consecutive plain words (a name from ALLOWED, a technical token or a
 * Chinese character ends a run). `data` are strings from the input (device names) taken out first.
 */
export function englishRuns(line: string, data: readonly string[] = []): string[] {
  if (VERBATIM.test(line)) return [];
  let s = line.replace(/`[^`]*`/g, ' ¦ ');
  for (const d of data) if (d) s = s.split(d).join(' ¦ ');
  s = s.replace(CJK, ' ¦ ');
  const runs: string[] = [];
  let run: string[] = [];
  const end = () => {
    if (run.length >= 3) runs.push(run.join(' '));
    run = [];
  };
  for (const tok of s.split(/\s+/).filter(Boolean)) {
    const word = tok.replace(/[,;.!?"')]+$/, '').replace(/^["'(]+/, '');
    if (/^[A-Za-z][a-z']*$/.test(word) && !TECHNICAL(word) && !ALLOWED.has(word.toLowerCase())) run.push(word);
    else end();
  }
  end();
  return runs;
}

/** Every line of `text` with an English run, as "line: run" for a failure message that shows where. */
export function englishLines(text: string, data: readonly string[] = []): string[] {
  return text.split('\n').flatMap((l) => englishRuns(l, data).map((r) => `${l.trim()}  ⟵ "${r}"`));
}
