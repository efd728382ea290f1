/**
 * The docker CLI's handling of `--security-opt`: each option needs a value (`key=value` or the old
 * `key:value`) except `no-new-privileges`; a seccomp profile file is read and sent inline, compacted;
 * `systempaths=unconfined` is not sent but becomes empty MaskedPaths and ReadonlyPaths.
 */
import { readFileSync } from 'node:fs';

export interface SecurityParts { SecurityOpt: string[] | null; MaskedPaths: string[] | null; ReadonlyPaths: string[] | null }

/** Go's error text for a failed file read (the CLI quotes it). */
function goReadError(path: string, e: NodeJS.ErrnoException): string {
  const what: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory' };
  return `${e.code === 'EISDIR' ? 'read' : 'open'} ${path}: ${what[e.code ?? ''] ?? e.message}`;
}

function inlineSeccomp(opt: string, value: string): string {
  if (value === 'builtin' || value === 'unconfined') return opt;
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (e) {
    throw new Error(`opening seccomp profile (${value}) failed: ${goReadError(value, e as NodeJS.ErrnoException)}`);
  }
  try {
    return `seccomp=${JSON.stringify(JSON.parse(text))}`;
  } catch (e) {
    throw new Error(`compacting json for seccomp profile (${value}) failed: ${(e as Error).message}`);
  }
}

export function securityParts(opts: readonly string[]): SecurityParts {
  if (opts.length === 0) return { SecurityOpt: null, MaskedPaths: null, ReadonlyPaths: null };
  const parsed = opts.map((opt) => {
    let sep = opt.indexOf('=');
    if (sep < 0 && opt !== 'no-new-privileges') sep = opt.indexOf(':');
    const [key, value] = sep < 0 ? [opt, ''] : [opt.slice(0, sep), opt.slice(sep + 1)];
    if (value === '' && key !== 'no-new-privileges') throw new Error(`Invalid --security-opt: ${JSON.stringify(opt)}`);
    return key === 'seccomp' ? inlineSeccomp(opt, value) : opt;
  });
  const unconfined = parsed.includes('systempaths=unconfined');
  return {
    SecurityOpt: parsed.filter((o) => o !== 'systempaths=unconfined'),
    MaskedPaths: unconfined ? [] : null,
    ReadonlyPaths: unconfined ? [] : null,
  };
}
