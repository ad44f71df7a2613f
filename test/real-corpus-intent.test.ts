// Real cases whose paste says which GPU is meant (vfio-pci binding, a VM naming it, a log-only device): inference
// without --gpu finds the GPU the thread was about.
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnoseFull } from '../src/index';

const DIR = fileURLToPath(new URL('../fixtures/real/', import.meta.url));
const CASES: [name: string, why: RegExp][] = [
  // The NVIDIA card appears only in "NVRM: GPU 0000:01:00.0 is already bound to vfio-pci."; lspci shows the iGPU.
  ['b-openlinkhub-nvrm-already-bound-vfio-healthy', /bound to or configured for vfio-pci/],
  // Two NVIDIA cards; the hook variable VIRSH_GPU_VIDEO=pci_0000_02_00_0 names the one to pass.
  ['b-gtx1070-detach-hangs-snd-hda-two-nvidia', /named by a virsh command/],
  // QEMU's -device vfio-pci,host=… and its "group 1 is not viable" name the card.
  ['b-gtx760-group1-nvidia-over-vfio', /named by a QEMU command line/],
  // vendor-reset's "vfio-pci 0000:28:00.0: AMD_NAVI10: …" lines are the only trace of the card.
  ['b-5700xt-navi10-reset-psp-no-ack', /vfio-pci/],
];

it.each(CASES)('%s: the target without --gpu is the thread’s GPU', (name, why) => {
  const c = JSON.parse(readFileSync(`${DIR}${name}/case.json`, 'utf8')) as { gpu: string[] };
  const text = readFileSync(`${DIR}${name}/paste.txt`, 'utf8');
  const { report: r } = diagnoseFull([{ source: 'pasted text', text }], { live: false, now: new Date('2026-01-01T00:00:00Z') });
  expect(r.targets.gpus).toEqual(c.gpu.map((g) => `0000:${g}`));
  expect(r.targets.perCandidate).toBeUndefined();
  expect(r.targets.reason).toMatch(why);
});

it('b-gtx1070-detach-hangs-snd-hda-two-nvidia without its hook variables: both cards are candidates, each judged alone', () => {
  const text = readFileSync(`${DIR}b-gtx1070-detach-hangs-snd-hda-two-nvidia/paste.txt`, 'utf8')
    .split('\n')
    .filter((l) => !/VIRSH_GPU|nodedev-detach/.test(l))
    .join('\n');
  const { report: r } = diagnoseFull([{ source: 'pasted text', text }], { live: false, now: new Date('2026-01-01T00:00:00Z') });
  expect(r.targets.perCandidate).toBe(true);
  expect(r.targets.gpus).toEqual(['0000:01:00.0', '0000:02:00.0']);
  // Groups 34 and 35 hold one card each (the thread's finding): neither candidate's group is a problem.
  for (const c of r.targets.candidates!) expect(c.findings).not.toContain('group-not-isolated');
  expect(r.findings.some((f) => f.id === 'group-not-isolated' || f.id === 'group-not-viable')).toBe(false);
});
