// --gpu/--only/--ignore are checked against the input and the rules (issue 15 point 2), and `fix` takes a rule id and
// ends its dry run with the command that applies it (point 6).
import { describe, it, expect } from 'vitest';
import { cli } from '../cli-helpers';
import { fixture } from '../harness';
import { didYouMean } from '../../src/cli/validate';

const AMD = fixture('pastes/amd-iommu-on-noop.txt');

describe('--gpu, --only, --ignore', () => {
  it('a --gpu that is not in the device list is a usage error with a suggestion, not an all-clear', async () => {
    const r = await cli(['analyze', '-', '--gpu', '0a:00.2'], { stdin: AMD });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--gpu 0a:00\.2: no device at 0a:00\.2 in the input \(did you mean "0a:00\.[01]"\?\)/);
  });

  it('a --gpu that is no PCI address at all is an error too', async () => {
    const r = await cli(['analyze', '-', '--gpu', 'rtx3070'], { stdin: AMD });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a PCI address/);
  });

  it('a --gpu the input has no device list for is taken as given (unknown is not absent)', async () => {
    const r = await cli(['analyze', '-', '--gpu', '07:00.0'], { stdin: 'BOOT_IMAGE=/boot/vmlinuz-6.8.0 root=UUID=1 ro intel_iommu=on\n' });
    expect(r.code).not.toBe(2);
    expect(r.stdout).toContain('chosen with --gpu');
  });

  it('an existing --gpu still works', async () => {
    const r = await cli(['analyze', '-', '--gpu', '0a:00.0'], { stdin: AMD });
    expect(r.code).not.toBe(2);
  });

  it('unknown rule ids for --only and --ignore: exit 2, did-you-mean', async () => {
    const only = await cli(['analyze', '-', '--only', 'amd-iommu-on-nop'], { stdin: AMD });
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('--only amd-iommu-on-nop: no such rule (did you mean "amd-iommu-on-noop"?)');
    const ignore = await cli(['analyze', '-', '--ignore', 'vga-arbitraton'], { stdin: AMD });
    expect(ignore.code).toBe(2);
    expect(ignore.stderr).toContain('did you mean "vga-arbitration"?');
    const far = await cli(['--demo', '--ignore', 'xyzzy']);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('did you mean');
  });

  it('suggests only what is close', () => {
    expect(didYouMean('analyse', ['analyze', 'collect', 'rules'])).toBe('analyze');
    expect(didYouMean('colect', ['analyze', 'collect', 'rules'])).toBe('collect');
    expect(didYouMean('banana', ['analyze', 'collect', 'rules'])).toBeUndefined();
  });
});

describe('fix', () => {
  it('takes a rule id when the rule has one fix here, and ends the dry run with the apply command', async () => {
    const r = await cli(['fix', '--demo', 'identical-gpus-id-collision']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('To apply it, run on that machine: sudo vfio-doctor fix identical-gpus-id-collision/override-initramfs-tools --apply');
  });

  it('takes a rule id from a bundle too', async () => {
    const r = await cli(['fix', '--bundle', '-', 'amd-iommu-on-noop'], { stdin: AMD });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toContain('vfio-doctor fix amd-iommu-on-noop/grub --apply');
  });

  it('lists the variants when the rule has several fixes', async () => {
    const r = await cli(['fix', '--bundle', '-', 'gpu-bound-to-host-driver'], { stdin: fixture('pastes/grub-not-regenerated.txt') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gpu-bound-to-host-driver has 2 fixes here; choose one: vfio-doctor fix gpu-bound-to-host-driver/ids/grub, vfio-doctor fix gpu-bound-to-host-driver/modprobe-initramfs-tools');
  });

  it('suggests the fix id for a typo', async () => {
    const r = await cli(['fix', '--demo', 'identical-gpus-id-colision']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "identical-gpus-id-collision"?');
  });
});
