/**
 * Progress of pulls and pushes as events; the API renders them as dockerd's JSON messages and the
 * CLI as bars. Layer ids are the 12-hex short form (blob digest on pull, diffID on push, as dockerd).
 */

export interface ProgressDetail { current: number; total: number }

/** A pull's or a push's progress sink. */
export interface PullProgress {
  /** A line of its own (`Pulling from library/busybox`, with the tag as id). */
  status(text: string, id?: string): void;
  /** One layer's state. */
  layer(id: string, status: string, detail?: ProgressDetail): void;
  /** A machine-readable line (push's `{Tag, Digest, Size}`). */
  aux?(value: Record<string, unknown>): void;
}

export type PushProgress = PullProgress;
