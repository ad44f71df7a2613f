// The labelled guess whether vfio-pci is built in, from an Ubuntu kernel release or the distribution's release.
import { describe, expect, it } from 'vitest';
import { ubuntuKernelVfioBuiltin, vfioPciBuiltinGuess } from '../../src/facts/builtin-guess';
import { emptyFacts } from '../../src/facts/empty';

const ev = (text: string) => ({ source: 'pasted text', text });

describe('Ubuntu-built kernels by version', () => {
  it.each<[number, number, boolean | undefined]>([
    [4, 15, false], // bionic: module
    [5, 3, false], // eoan: module
    [5, 4, true], // focal: built in
    [5, 15, true], // jammy GA
    [5, 19, true], // kinetic
    [6, 0, undefined], // never a release kernel: no guess
    [6, 1, undefined],
    [6, 2, false], // lunar, jammy HWE: IOMMUFD, VFIO a module
    [6, 5, false],
    [6, 8, false], // noble
    [6, 17, false],
    [7, 0, false],
  ])('%i.%i → %s', (major, minor, want) => expect(ubuntuKernelVfioBuiltin(major, minor)).toBe(want));
});

describe('the guess', () => {
  it('takes the kernel release over the distribution release (22.04 with a 6.8 HWE kernel: a module)', () => {
    const f = emptyFacts();
    f.distro = { id: 'ubuntu', idLike: ['debian'], versionId: '22.04', name: 'Ubuntu', evidence: ev('VERSION_ID="22.04"') };
    f.kernelRelease = { value: '6.8.0-52-generic', evidence: ev('6.8.0-52-generic') };
    const g = vfioPciBuiltinGuess(f);
    expect(g?.builtin).toBe(false);
    expect(g?.evidence[0]?.text).toBe('6.8.0-52-generic');
    expect(g?.reason).toMatch(/guess/);
  });

  it('uses the distribution release alone when no kernel release is known', () => {
    const f = emptyFacts();
    f.distro = { id: 'pop', idLike: ['ubuntu', 'debian'], versionId: '20.04', name: 'Pop!_OS', evidence: ev('VERSION_ID="20.04"') };
    expect(vfioPciBuiltinGuess(f)?.builtin).toBe(true);
    f.distro = { ...f.distro, id: 'ubuntu', versionId: '24.04' };
    expect(vfioPciBuiltinGuess(f)?.builtin).toBe(false);
    f.distro = { ...f.distro, versionId: '18.04' };
    expect(vfioPciBuiltinGuess(f)?.builtin).toBe(false);
  });

  it('makes no guess for a non-Ubuntu distribution, an unknown version or a 6.0/6.1 Ubuntu kernel', () => {
    const f = emptyFacts();
    f.distro = { id: 'fedora', idLike: [], versionId: '40', evidence: ev('ID=fedora') };
    f.kernelRelease = { value: '6.8.9-300.fc40.x86_64', evidence: ev('6.8.9-300.fc40.x86_64') };
    expect(vfioPciBuiltinGuess(f)).toBeUndefined();
    const g = emptyFacts();
    g.kernelRelease = { value: '6.1.0-1036-oem', evidence: ev('6.1.0-1036-oem') };
    expect(vfioPciBuiltinGuess(g)).toBeUndefined();
    g.kernelRelease = { value: '6.1.0-13-generic', evidence: ev('6.1.0-13-generic') };
    expect(vfioPciBuiltinGuess(g)).toBeUndefined();
  });
});
