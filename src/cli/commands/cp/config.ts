/** One `wharf cp` invocation, parsed (the docker CLI's cpConfig). */
import { posix } from 'node:path';
import { preserveTrailing } from './copy-info.js';

export interface CpConfig {
  followLink: boolean;
  copyUIDGID: boolean;
  quiet: boolean;
  sourcePath: string;
  destPath: string;
  container: string;
  /** The docker CLI's resolveLocalPath: absolute and cleaned, with a trailing "/" or "/." kept. */
  resolveLocal(p: string): string;
}

/** Absolute, cleaned, trailing "/" or "/." kept. */
export function resolveLocalPath(cwd: string, p: string): string {
  return preserveTrailing(posix.resolve(cwd, p), p);
}

/**
 * The docker CLI's splitCpArg: `CONTAINER:PATH`, unless the argument is an absolute path or starts
 * with "." (a local path with a colon must be written `./file:name`).
 */
export function splitCpArg(arg: string): { container: string; path: string } {
  if (arg.startsWith('/')) return { container: '', path: arg };
  const i = arg.indexOf(':');
  if (i < 0 || arg.startsWith('.')) return { container: '', path: arg };
  return { container: arg.slice(0, i), path: arg.slice(i + 1) };
}
