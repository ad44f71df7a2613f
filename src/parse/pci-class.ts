// Moved to src/pci (the shared PCI vocabulary); this shim keeps old import paths compiling.
export * from '../pci/pci-class';
