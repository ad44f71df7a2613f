// Orchestration tools' logs as pasted: KubeVirt's virt-launcher JSON lines carry QEMU's own JSON, its quotes escaped.
import { describe, expect, it } from 'vitest';
import { parse, lines } from './helpers';
import { vmDevicesIn } from '../../src/facts/intent';

describe('KubeVirt virt-launcher log lines', () => {
  // github.com/kubevirt/kubevirt/issues/12825 ("No output on external display for VGA passthrough"), verbatim.
  const LINE = lines(
    '{"component":"virt-launcher","kind":"","level":"error","msg":"Failed to sync vmi","name":"win10","namespace":"default","pos":"server.go:202","reason":"virError(Code=1, Domain=10, Message=\'internal error: process exited while connecting to monitor: 2024-09-16T10:31:46.992444Z qemu-kvm: -device {\\"driver\\":\\"vfio-pci\\",\\"host\\":\\"0000:00:02.0\\",\\"id\\":\\"ua-hostdevice-video\\",\\"addr\\":\\"2.0\\",\\"bus\\":\\"pcie.0\\"}: PCI: slot 2 function 0 not available for vfio-pci, in use by pcie-root-port,id=pci.9\')","timestamp":"2024-09-16T10:31:47.201951Z","uid":"e50687aa-806f-4752-9614-24ea8a953b6f"}',
  );

  it('the line is a QEMU error, understood, not left over', () => {
    const f = parse(LINE);
    expect(f.qemuErrors?.length).toBe(1);
    expect(f.unparsed.count).toBe(0);
  });

  it('the device QEMU was given, behind escaped quotes, is what the VM is meant to get', () => {
    expect(vmDevicesIn([{ source: 'pasted text', kind: 'auto', text: LINE }]).map((d) => [d.bdf, d.how])).toEqual([['0000:00:02.0', 'qemu-command-line']]);
  });
});
