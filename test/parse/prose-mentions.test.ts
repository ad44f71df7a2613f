// What prose names (CPU vendor, laptop, muxless, booster, a paraphrased log message) is read as a mention; questions,
// negations and someone else's advice are not.
import { describe, expect, it } from 'vitest';
import { parse, lines } from './helpers';
import { paraphrasedLog, blacklistIgnored, rebuildNeeded } from '../../src/parse/prose-mentions';
import { buildHost } from '../../src/facts/host';

describe('mentions in prose', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    // Real-shaped sentences (github.com/QaidVoid/Complete-Single-GPU-Passthrough/issues/19 and variants).
    { name: 'a vendor named after the fact', text: "I went through all my bios settings but didn't find anything. AMD CPU btw.", want: ['cpu-amd'] },
    { name: 'a Ryzen model', text: 'My setup: Ryzen 7 5800X, RX 6800 XT as the guest card.', want: ['cpu-amd'] },
    { name: 'a Threadripper', text: 'Running a Threadripper 3970X on a TRX40 board', want: ['cpu-amd'] },
    { name: 'an Intel model number with a dash', text: 'I have an i7-8700K and a GTX 1080 Ti', want: ['cpu-intel'] },
    { name: 'an Intel model number with a space', text: 'Hi I have an i5 6500. My bootloader is Systemd-boot', want: ['cpu-intel'] },
    { name: 'a Xeon', text: 'The host is a Xeon E5-2680 v4 with two GPUs', want: ['cpu-intel'] },
    // github.com/jscinoz/optimus-vfio-docs/issues/2
    { name: 'a laptop model', text: 'I have got exactly same laptop Dell XPS 15 9570 with arch linux.', want: ['laptop'] },
    { name: 'muxless', text: 'some reference on how passthrough on muxless works would be great help', want: ['muxless'] },
    { name: 'Optimus on a notebook', text: 'It is an Optimus notebook with a GTX 1650', want: ['laptop', 'muxless'] },
    // github.com/anatol/booster/issues/20
    { name: 'booster images', text: 'The kernel command line option vfio-pci.ids doesnt seem to work with booster images, while the same works with a dracut image.', want: ['initramfs-booster'] },
    { name: 'booster.yaml', text: 'my /etc/booster.yaml has universal: false', want: ['initramfs-booster'] },
    // Graphics, not a CPU.
    { name: 'an AMD GPU is not an AMD CPU', text: 'My GPU is an AMD R7 240, with oland radeon drivers.', want: [] },
    { name: 'an Intel GPU is not an Intel CPU', text: 'passing through the intel gpu as mdev using uuid', want: [] },
    { name: 'a booster shot is not booster', text: 'Had my booster shot yesterday, so replies will be slow', want: [] },
    // Negations, questions, plans.
    { name: 'a negation', text: 'This is a desktop, not a laptop.', want: [] },
    { name: "n't", text: "It isn't muxless, the HDMI port is wired to the dGPU", want: [] },
    { name: 'a question', text: 'Does this work on a laptop?', want: [] },
    { name: 'a plan', text: 'I am thinking of buying a Ryzen for this', want: [] },
    { name: 'a conditional', text: 'If you have an Intel CPU use intel_iommu=on', want: [] },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    const f = parse(lines(text));
    expect(Object.keys(f.mentions).filter((k) => k !== 'code43').sort()).toEqual([...want].sort());
  });

  it('the mention keeps the sentence as evidence', () => {
    const f = parse(lines('Some output first:', 'AMD CPU btw.'));
    expect(f.mentions['cpu-amd']).toEqual(expect.objectContaining({ line: 2, text: 'AMD CPU btw.' }));
  });
});

describe('the CPU vendor from prose is the last resort', () => {
  it('prose names the vendor when nothing else does, and the reason says so', () => {
    const h = buildHost(parse(lines('KVM does not load. AMD CPU btw.')));
    expect(h.cpuVendor).toBe('amd');
    expect(h.cpuVendorReason).toMatch(/^named in prose only \("KVM does not load\. AMD CPU btw\."\)/);
  });
  it('both vendors named (a switch from one to the other): unknown', () => {
    const h = buildHost(parse(lines('I moved from an i7-4790K to a Ryzen 9 5950X last week.')));
    expect(h.cpuVendor).toBeUndefined();
  });
  it('/proc/cpuinfo beats prose', () => {
    const h = buildHost(parse(lines('vendor_id\t: GenuineIntel', 'model name\t: Intel(R) Core(TM) i5-12600K', 'flags\t\t: fpu vme vmx', '', 'Ryzen build coming soon, but for now:')));
    expect(h.cpuVendor).toBe('intel');
  });
});

describe('log messages paraphrased in prose', () => {
  it.each<[string, string | undefined]>([
    ['`dmesg` reports that KVM is disabled by my bios, which would make sense', 'KVM is disabled by my bios, which would make sense'],
    ['journalctl says the IOMMU is not enabled. Any ideas?', 'the IOMMU is not enabled'],
    ['The kernel log shows: vfio-pci probe failed', 'vfio-pci probe failed'],
    ['dmesg told me that kvm was disabled by the bios', 'kvm was disabled by the bios'],
    // Questions, negations and someone else's advice are not what the log said.
    ['Does dmesg say that KVM is disabled by bios?', undefined],
    ["dmesg doesn't say that KVM is disabled by bios", undefined],
    ['dmesg never says KVM is disabled by bios', undefined],
    ['If dmesg says KVM is disabled by bios, enable SVM', undefined],
    ['dmesg says ok', undefined],
  ])('%s', (text, said) => {
    expect(paraphrasedLog(text)).toBe(said);
  });

  it('a paraphrase is kept apart from the kernel log (never read as a pasted line)', () => {
    const f = parse(lines('`dmesg` reports that KVM is disabled by my bios, which would make sense.'));
    expect(f.kernelLog).toEqual([]);
    expect(f.logParaphrases).toEqual([expect.objectContaining({ message: 'KVM is disabled by my bios, which would make sense', evidence: expect.objectContaining({ line: 1 }) })]);
  });
});

describe('a blacklist said not to work, a rebuild said to be needed (github.com/ROCm/gpu-operator/issues/330 and variants)', () => {
  it.each<[string, string | undefined]>([
    ['adding `blacklist amdgpu` to the `/etc/modprobe.d/blacklist-amdgpu.conf` file does not actually blacklist amdgpu but it requires the users to run `sudo update-initramfs -u`', 'amdgpu'],
    ['Blacklisting nouveau does not work, it still shows up in lsmod', 'nouveau'],
    ['nouveau is still loaded although I blacklisted it', 'nouveau'],
    ['I blacklisted nvidia but the blacklist gets ignored', 'nvidia'],
    // Not said to fail.
    ['Blacklisting nouveau works fine here', undefined],
    ['Does blacklist amdgpu not work on 22.04?', undefined],
    ["I don't know if blacklist nouveau does not work", undefined],
    ['The blacklist file does not exist yet', undefined],
  ])('%s', (sentence, mod) => {
    expect(blacklistIgnored(sentence)).toBe(mod);
  });

  it.each<[string, boolean]>([
    ['it requires the users to run `sudo update-initramfs -u` for the changes to be applied', true],
    ['Only after mkinitcpio -P did the new MODULES line apply', true],
    ['Rebuilding the initramfs with dracut -f fixed it', true],
    ['You need to run update-initramfs -u after that', false],
    ['Should I run update-initramfs -u?', false],
    ['I ran update-initramfs -u and rebooted', false],
  ])('%s', (sentence, want) => {
    expect(rebuildNeeded(sentence)).toBe(want);
  });

  it('the sentence, not the whole paragraph, is the evidence', () => {
    const f = parse(lines('I tried many things. Blacklisting nouveau does not work, it still shows up in lsmod. Any idea?'));
    expect(f.mentions['blacklist-ignored:nouveau']?.text).toBe('Blacklisting nouveau does not work, it still shows up in lsmod.');
  });
});
