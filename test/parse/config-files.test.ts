// Configuration files: /etc/default/grub, /etc/kernel/cmdline, modprobe.d, module lists, kernel config.
import { describe, expect, it } from 'vitest';
import { unquoteShell } from '../../src/parse/grub';
import { paramValues } from '../../src/parse/cmdline';
import { parse, lines } from './helpers';

describe('/etc/default/grub', () => {
  const GRUB = lines(
    '# If you change this file, run \'update-grub\' afterwards to update',
    '# /boot/grub/grub.cfg.',
    'GRUB_DEFAULT=0',
    'GRUB_TIMEOUT=5',
    'GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`',
    '#GRUB_CMDLINE_LINUX_DEFAULT="quiet"',
    'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"',
    'GRUB_CMDLINE_LINUX=""',
    '',
    '# VFIO',
    'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash amd_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28"',
    "GRUB_GFXMODE='1920x1080'",
    'GRUB_DISABLE_OS_PROBER=false # let os-prober find Windows',
  );

  it.each([
    ['as a marked file', () => parse(GRUB, '/etc/default/grub', 'grub')],
    ['after a cat prompt', () => parse('$ cat /etc/default/grub\n' + GRUB)],
    ['in a bundle section', () => parse('=== /etc/default/grub ===\n' + GRUB)],
    ['unmarked', () => parse(GRUB)],
  ])('%s: quotes removed, comments ignored, the last assignment wins', (_n, run) => {
    const f = run();
    const v = (k: string) => f.grubVars?.[k]?.value;
    expect(v('GRUB_CMDLINE_LINUX_DEFAULT')).toBe('quiet splash amd_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28');
    expect(v('GRUB_CMDLINE_LINUX')).toBe('');
    expect(v('GRUB_GFXMODE')).toBe('1920x1080');
    expect(v('GRUB_DISABLE_OS_PROBER')).toBe('false');
    expect(v('GRUB_DISTRIBUTOR')).toBe('`lsb_release -i -s 2> /dev/null || echo Debian`');
    expect(f.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.evidence.line).toBeGreaterThan(10);
    expect(f.paths).toContain('/etc/default/grub');
    // Comments that do not follow an assignment directly cannot be told from prose in an unmarked paste.
    expect(f.unparsed.sample.every((e) => e.text.startsWith('#'))).toBe(true);
  });

  it('a marked file has nothing unparsed', () => {
    expect(parse(GRUB, '/etc/default/grub', 'grub').unparsed.count).toBe(0);
  });

  it.each<[string, string]>([
    ['"quiet splash"', 'quiet splash'],
    ["'quiet splash'", 'quiet splash'],
    ['quiet', 'quiet'],
    ['"quiet intel_iommu=on" # for vfio', 'quiet intel_iommu=on'],
    ['"a \\"b\\" c"', 'a "b" c'],
    ['"quiet"\' splash\'', 'quiet splash'],
    ['', ''],
    ['"unterminated', 'unterminated'],
  ])('unquoteShell(%s)', (raw, want) => {
    expect(unquoteShell(raw)).toBe(want);
  });

  it('expands an earlier GRUB variable, as grub.d snippets do', () => {
    const f = parse(
      lines(
        'GRUB_CMDLINE_LINUX_DEFAULT="quiet"',
        'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT intel_iommu=on"',
        'GRUB_CMDLINE_LINUX_DEFAULT="${GRUB_CMDLINE_LINUX_DEFAULT} iommu=pt"',
      ),
      '/etc/default/grub.d/vfio.cfg',
      'grub',
    );
    expect(f.grubVars?.GRUB_CMDLINE_LINUX_DEFAULT?.value).toBe('quiet intel_iommu=on iommu=pt');
    expect(f.paths).toContain('/etc/default/grub.d/vfio.cfg');
  });

  it('a non-assignment line in the file is unparsed', () => {
    const f = parse(lines('GRUB_TIMEOUT=5', 'this is not shell'), '/etc/default/grub', 'grub');
    expect(f.unparsed.count).toBe(1);
    expect(f.grubVars?.GRUB_TIMEOUT?.value).toBe('5');
  });
});

describe('/etc/kernel/cmdline', () => {
  it('is the configured command line, not the running one', () => {
    const f = parse(lines('$ cat /etc/kernel/cmdline', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on iommu=pt'));
    expect(f.cmdline).toBeUndefined();
    expect(paramValues(f.kernelCmdlineFile, 'intel_iommu')).toEqual(['on']);
    expect(f.kernelCmdlineFile?.evidence.source).toBe('/etc/kernel/cmdline');
  });

  it('comments and line breaks are joined', () => {
    const f = parse(lines('# Proxmox', 'root=ZFS=rpool/ROOT/pve-1 boot=zfs', 'amd_iommu=on'), '/etc/kernel/cmdline', 'kernel-cmdline-file');
    expect(f.kernelCmdlineFile?.raw).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs amd_iommu=on');
  });
});

describe('/etc/modprobe.d/*.conf', () => {
  const CONF = lines(
    '# VFIO',
    'options vfio-pci ids=10de:2204,10de:1aef disable_vga=1',
    'softdep nvidia pre: vfio-pci',
    'softdep snd_hda_intel pre: vfio-pci',
    'blacklist nouveau',
    'install nouveau /bin/false',
    '  options kvm ignore_msrs=1 report_ignored_msrs=0   # for Windows guests',
    'alias pci:v000010DEd00002204sv*sd*bc*sc*i* vfio-pci',
  );

  it.each([
    ['marked', () => parse(CONF, '/etc/modprobe.d/vfio.conf', 'modprobe')],
    ['after a cat prompt', () => parse('$ cat /etc/modprobe.d/vfio.conf\n' + CONF)],
    ['unmarked', () => parse(CONF)],
  ])('%s', (_n, run) => {
    const f = run();
    expect(f.modprobe.map(({ kind, module, args }) => ({ kind, module, args }))).toEqual([
      { kind: 'options', module: 'vfio_pci', args: 'ids=10de:2204,10de:1aef disable_vga=1' },
      { kind: 'softdep', module: 'nvidia', args: 'pre: vfio-pci' },
      { kind: 'softdep', module: 'snd_hda_intel', args: 'pre: vfio-pci' },
      { kind: 'blacklist', module: 'nouveau', args: '' },
      { kind: 'install', module: 'nouveau', args: '/bin/false' },
      { kind: 'options', module: 'kvm', args: 'ignore_msrs=1 report_ignored_msrs=0' },
      { kind: 'alias', module: 'pci:v000010DEd00002204sv*sd*bc*sc*i*', args: 'vfio-pci' },
    ]);
    expect(f.unparsed.count).toBeLessThanOrEqual(1);
  });

  it('a marked file keeps evidence with its path and reports nothing unparsed', () => {
    const f = parse(CONF, '/etc/modprobe.d/vfio.conf', 'modprobe');
    expect(f.modprobe[0]!.evidence).toEqual({ source: '/etc/modprobe.d/vfio.conf', line: 2, text: 'options vfio-pci ids=10de:2204,10de:1aef disable_vga=1' });
    expect(f.unparsed.count).toBe(0);
    expect(f.paths).toContain('/etc/modprobe.d/vfio.conf');
  });

  it('joins backslash-continued lines', () => {
    const f = parse(lines('install vfio-pci /usr/local/bin/vfio-pci-override.sh; \\', '  /sbin/modprobe --ignore-install vfio-pci'), '/etc/modprobe.d/vfio.conf', 'modprobe');
    expect(f.modprobe).toHaveLength(1);
    expect(f.modprobe[0]!.args).toBe('/usr/local/bin/vfio-pci-override.sh; /sbin/modprobe --ignore-install vfio-pci');
  });

  it.each(['install the nvidia driver first', 'options are limited here', 'remove the card and try again', 'blacklist it please', 'alias for the card'])(
    'prose is not a directive: %s',
    (text) => {
      const f = parse(text + '\n');
      expect(f.modprobe).toEqual([]);
      expect(f.unparsed.count).toBe(1);
    },
  );
});

describe('module lists and kernel config', () => {
  it('/etc/modules and /etc/initramfs-tools/modules are kept verbatim', () => {
    const f = parse(lines('=== /etc/initramfs-tools/modules ===', '# List of modules', 'vfio', 'vfio_iommu_type1', 'vfio_pci'));
    expect(f.configFiles).toEqual([{ path: '/etc/initramfs-tools/modules', content: '# List of modules\nvfio\nvfio_iommu_type1\nvfio_pci' }]);
    expect(f.unparsed.count).toBe(0);
  });

  it('other config files (mkinitcpio.conf) are kept verbatim', () => {
    const f = parse(lines('$ cat /etc/mkinitcpio.conf', 'MODULES=(vfio_pci vfio vfio_iommu_type1)', 'HOOKS=(base udev autodetect modconf block filesystems keyboard fsck)'));
    expect(f.configFiles[0]).toEqual({ path: '/etc/mkinitcpio.conf', content: 'MODULES=(vfio_pci vfio vfio_iommu_type1)\nHOOKS=(base udev autodetect modconf block filesystems keyboard fsck)' });
  });

  it.each([
    ['marked', (t: string) => parse(t, '/boot/config-6.8.0-45-generic', 'kconfig')],
    ['after a grep prompt', (t: string) => parse('$ grep VFIO /boot/config-$(uname -r)\n' + t)],
    ['zcat /proc/config.gz', (t: string) => parse('$ zcat /proc/config.gz | grep -i vfio\n' + t)],
    ['unmarked', (t: string) => parse(t)],
  ])('kernel config %s', (_n, run) => {
    const f = run(lines('#', '# Automatically generated file; DO NOT EDIT.', '#', 'CONFIG_VFIO=m', 'CONFIG_VFIO_PCI=y', '# CONFIG_VFIO_NOIOMMU is not set', 'CONFIG_CMDLINE="intel_iommu=on"'));
    expect(f.kconfig).toEqual({ VFIO: 'm', VFIO_PCI: 'y', VFIO_NOIOMMU: 'n', CMDLINE: 'intel_iommu=on' });
  });
});
