// Typed outcomes of apply and undo that are not bugs: the CLI maps them to an exit code and one plain line.

/** Nothing was changed: the apply or undo was refused, declined or rolled back (exit 3). */
export class Refusal extends Error {
  readonly exitCode = 3;
}

/**
 * Something was changed and could not be put back (a rollback or an undo stopped half-way): exit 2, with the way to
 * finish (the journal in the backup folder records it; `vfio-doctor undo` completes it).
 */
export class Unfinished extends Error {
  readonly exitCode = 2;
}
