// The driver_override script run on a fake sysfs: override set, a wrong driver released, a probe asked for when none is bound.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overrideScript, INIT_TOP_OVERRIDE } from '../../src/engine/fixes/bind';

/** A sysfs with 05:00.0 on nouveau, 05:00.1 with no driver, 06:00.0 on vfio-pci already. */
function fakeSysfs(): string {
  const sys = mkdtempSync(join(tmpdir(), 'vfd-sysfs-'));
  for (const drv of ['nouveau', 'vfio-pci']) {
    mkdirSync(join(sys, 'bus/pci/drivers', drv), { recursive: true });
    writeFileSync(join(sys, 'bus/pci/drivers', drv, 'unbind'), '');
  }
  writeFileSync(join(sys, 'bus/pci/drivers_probe'), '');
  const dev = (bdf: string, drv?: string) => {
    const d = join(sys, 'bus/pci/devices', bdf);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'driver_override'), '(null)\n');
    if (drv) symlinkSync(`../../drivers/${drv}`, join(d, 'driver'));
  };
  dev('0000:05:00.0', 'nouveau');
  dev('0000:05:00.1');
  dev('0000:06:00.0', 'vfio-pci');
  return sys;
}

const runOn = (sys: string, script: string) => execFileSync('sh', ['-c', script.replaceAll('/sys/', `${sys}/`)], { encoding: 'utf8' });
const read = (sys: string, p: string) => readFileSync(join(sys, p), 'utf8').trim();

describe('overrideScript (initramfs-tools)', () => {
  it('sets driver_override, unbinds a wrong driver and probes a function with no driver', () => {
    const sys = fakeSysfs();
    runOn(sys, overrideScript(['0000:05:00.0', '0000:05:00.1', '0000:07:00.0'], true));
    expect(read(sys, 'bus/pci/devices/0000:05:00.0/driver_override')).toBe('vfio-pci');
    expect(read(sys, 'bus/pci/devices/0000:05:00.1/driver_override')).toBe('vfio-pci');
    expect(read(sys, 'bus/pci/drivers/nouveau/unbind')).toBe('0000:05:00.0');
    expect(read(sys, 'bus/pci/drivers_probe')).toBe('0000:05:00.1');
    expect(existsSync(join(sys, 'bus/pci/devices/0000:07:00.0'))).toBe(false); // absent function: skipped, no error
  });

  it('leaves a function alone that is on vfio-pci already', () => {
    const sys = fakeSysfs();
    runOn(sys, overrideScript(['0000:06:00.0'], true));
    expect(read(sys, 'bus/pci/drivers/vfio-pci/unbind')).toBe('');
    expect(read(sys, 'bus/pci/drivers_probe')).toBe('');
  });

  it('answers initramfs-tools\' prereqs call with nothing and touches nothing', () => {
    const sys = fakeSysfs();
    expect(execFileSync('sh', ['-c', overrideScript(['0000:05:00.0'], true).replaceAll('/sys/', `${sys}/`), 'sh', 'prereqs'], { encoding: 'utf8' }).trim()).toBe('');
    expect(read(sys, 'bus/pci/devices/0000:05:00.0/driver_override')).toBe('(null)');
  });

  it('is named to run before every init-top script Debian and Ubuntu ship (no PREREQ: name order)', () => {
    const name = INIT_TOP_OVERRIDE.split('/').at(-1)!;
    const shipped = ['all_generic_ide', 'blacklist', 'framebuffer', 'keymap', 'plymouth', 'udev'];
    expect([name, ...shipped].sort()[0]).toBe(name);
    expect(INIT_TOP_OVERRIDE.startsWith('/etc/initramfs-tools/scripts/init-top/')).toBe(true);
  });
});

describe('overrideScript (modprobe install hook)', () => {
  it('releases a wrong driver before loading vfio-pci, which binds the functions as it registers', () => {
    const script = overrideScript(['0000:05:00.0'], false);
    expect(script).toContain('echo "$dev" > "$sys/driver/unbind"');
    expect(script.trim().split('\n').at(-1)).toBe('exec modprobe -i vfio-pci "$@"');
  });
});
