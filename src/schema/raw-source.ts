// The one input shape of the pipeline: live, sysroot and pasted text all become RawSource[].
import type { SourceKind } from '../parse/parser';

export interface RawSource {
  /** Command or path this text came from; "pasted text" for a paste (markers inside it are honoured). */
  source: string;
  /** What the text is; "auto" (the default) recognises each line by its shape. */
  kind?: SourceKind;
  text: string;
}
