// What collection produces and reports while it works; the TUI shows these events as live progress.
export interface ProgressEvent {
  /** Stable key of the source, e.g. "kernel-log", "pci-devices". */
  id: string;
  /** What is being read, for people: "kernel log (dmesg)". */
  label: string;
  status: 'started' | 'done' | 'failed' | 'skipped';
  detail?: string;
}

export type OnProgress = (e: ProgressEvent) => void;
