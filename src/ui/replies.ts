// What the assistant says, as data (no wording, no width): the reducer decides what to say, say.ts words it.
import type { ProgressEvent } from '../collect/types';
import type { Finding } from '../schema/finding';
import type { Fix } from '../schema/fix';
import type { Report } from '../schema/report';
import type { ReportSource } from '../engine/report';
import type { ApplyOutcome } from './types';
import type { Current } from './chat-state';
import type { VmFormat } from '../vm/generate';

export type Reply =
  /** The user's line, echoed into the transcript. */
  | { kind: 'echo'; text: string }
  | { kind: 'greeting' }
  | { kind: 'collection'; progress: ProgressEvent[] }
  | { kind: 'load-failed'; message: string }
  // A report: the summary, one card per finding, what could not be checked, then what to type next.
  | { kind: 'summary'; cur: Current }
  | { kind: 'finding'; finding: Finding; n: number; report: Report; numbers?: number[] }
  | { kind: 'unable'; report: Report }
  /** n: the finding `fix n` is suggested for; 0 when none has a fix. */
  | { kind: 'next-step'; n: number }
  | { kind: 'bye' }
  | { kind: 'rules'; report?: Report }
  | { kind: 'answer'; question: string; cur?: Current }
  /** A question in a language the chat does not read yet (ui/language.ts). */
  | { kind: 'english-only' }
  | { kind: 'went-wrong'; message: string }
  // Naming a finding.
  | { kind: 'no-report' }
  | { kind: 'no-findings' }
  | { kind: 'which-finding'; verb: 'fix' | 'apply' | 'why'; count: number }
  | { kind: 'no-such-finding'; n: number; count: number; numbers?: number[] }
  // fix, apply, why.
  | { kind: 'fix-plan'; finding: Finding; n: number; variant: number }
  | { kind: 'no-fix-plan'; finding: Finding; n: number }
  | { kind: 'no-fix-to-apply'; finding: Finding; n: number }
  /** Apply is not possible here: the steps to do by hand. */
  | { kind: 'apply-by-hand'; finding: Finding; n: number; variant: number }
  | { kind: 'not-this-machine'; source: ReportSource }
  | { kind: 'confirm'; finding: Finding; n: number; fix: Fix }
  | { kind: 'cancelled' }
  | { kind: 'walk-step'; k: number; total: number; finding: Finding; n: number }
  | { kind: 'walk-next'; k: number; total: number }
  | { kind: 'walk-done'; total: number }
  | { kind: 'walk-nothing' }
  | { kind: 'help'; session?: 'live' | 'sysroot' | 'bundle'; canApply: boolean }
  | { kind: 'confirm-undo' }
  | { kind: 'undo-not-here'; source?: ReportSource }
  | { kind: 'undone'; outcome: ApplyOutcome }
  | { kind: 'undo-failed'; message: string }
  | { kind: 'applied'; fixId: string; outcome: ApplyOutcome }
  | { kind: 'apply-failed'; fixId: string; message: string }
  | { kind: 'looking-again' }
  | { kind: 'reread-failed'; fixId: string; message: string }
  | { kind: 'why'; finding: Finding; n: number; report: Report; numbers?: number[] }
  // Tables.
  | { kind: 'page'; table: 'groups' | 'devices'; page: number; cur: Current }
  | { kind: 'nothing-more' }
  // gpu.
  | { kind: 'gpu-list'; cur: Current }
  | { kind: 'no-gpu-seen' }
  | { kind: 'not-pci-address'; text: string }
  | { kind: 'no-device-at'; bdf: string; cur: Current }
  | { kind: 'not-a-gpu'; bdf: string; cur: Current }
  | { kind: 'target-changed'; before: Report; cur: Current; chosen: boolean }
  // paste.
  | { kind: 'paste-prompt'; auto: boolean }
  | { kind: 'nothing-pasted' }
  | { kind: 'paste-unrecognised'; lines: number; kept: boolean }
  | { kind: 'paste-taken'; lines: number }
  // export.
  | { kind: 'export-which-format' }
  | { kind: 'exported'; format: 'json' | 'markdown'; where: string; bytes: number }
  | { kind: 'export-failed'; file: string; message: string }
  // vm.
  | { kind: 'vm-config'; cur: Current; format?: VmFormat }
  | { kind: 'vm-bad-format'; text: string };
