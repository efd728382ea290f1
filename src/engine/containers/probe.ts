/**
 * Running a command inside a running container and collecting its result: what healthchecks need
 * of exec (Docker runs each probe as an exec). Implemented by the exec engine; the health monitor
 * only sees this function.
 */
import type { ContainerRecord } from './record.js';

export interface ProbeResult {
  /** The command's exit code; -1 when it timed out or could not run (Docker's). */
  exitCode: number;
  /** stdout and stderr interleaved, cut to the first 4096 bytes (Docker's maxOutputLen) and then marked "...", as Docker marks a cut. */
  output: string;
}

export interface ProbeOptions {
  /** After this long the probe process is killed and the result is a timeout. */
  timeoutMs: number;
  /** Aborts the probe (the container stopped): its process is killed, nothing is left running. */
  signal?: AbortSignal;
}

export type Prober = (rec: ContainerRecord, cmd: string[], o: ProbeOptions) => Promise<ProbeResult>;

/** Docker's limit on a probe's kept output. */
export const PROBE_OUTPUT_LIMIT = 4096;
