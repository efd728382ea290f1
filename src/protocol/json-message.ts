/**
 * The newline-delimited JSON progress messages of pull, push, build, load and import (moby
 * api/types/jsonstream.Message). Status 200 goes out first, so errors travel in-band as
 * `errorDetail` (and the deprecated `error`, still sent).
 */

/** One progress message. */
export interface JsonMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: Record<string, unknown>;
  from?: string;
  time?: number;
  timeNano?: number;
}
