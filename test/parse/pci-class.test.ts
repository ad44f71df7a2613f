// One table of PCI class names, as lspci prints them: reading lspci's names and naming sysfs devices agree.
import { describe, it, expect } from 'vitest';
import { classNameOf, classLabel, classFromName } from '../../src/pci/pci-class';

describe('PCI class names', () => {
  it('names sysfs devices as lspci does, capitals included', () => {
    expect(classNameOf('010802')).toBe('Non-Volatile memory controller');
    expect(classNameOf('0c0500')).toBe('SMBus');
    expect(classNameOf('080500')).toBe('SD Host controller');
    expect(classNameOf('0C0330')).toBe('USB controller');
  });

  it('reads back every name it gives', () => {
    for (const code of ['0300', '0302', '0403', '0401', '0c05', '0108', '0805', '1300', 'ff00']) expect(classFromName(classNameOf(code)!)).toBe(code);
  });

  it('falls back to the base class, then to the code, then to "device"', () => {
    expect(classLabel('0b4000')).toBe('Processor');
    expect(classLabel('038000')).toBe('Display controller');
    expect(classLabel('7f0000')).toBe('class 7f0000');
    expect(classLabel(undefined)).toBe('device');
  });
});
