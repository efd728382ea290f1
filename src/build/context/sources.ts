/**
 * COPY/ADD sources in a root (the context, or a stage's root for `--from`), as the legacy builder
 * finds them (moby builder/dockerfile/copy.go): a leading `/` or `./` is dropped and the path cleaned;
 * one that climbs out is forbidden; a symlink named as a source is followed, inside the root only;
 * a pattern (`*`, `?`, `[…]`) matches context paths with Go's filepath.Match and a matched
 * directory comes whole; what `.dockerignore` excludes is not there.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { followInScope, hostPath, ScopeError } from '../../runtime/spec/in-root.js';
import { compileMatch, goClean, hasMeta, type IgnoreMatcher } from '../dockerignore/index.js';

/** One source to copy. */
export interface Source {
  /** Its path in the root after symlinks are resolved, cleaned, `.` for the root (what is hashed). */
  rel: string;
  /** Its name as the Dockerfile gave it (or as a pattern matched it), cleaned: a file copied into a directory keeps this base name. */
  name: string;
  /** The host path. */
  abs: string;
  isDir: boolean;
}

/** A source that cannot be used; the message is Docker's, without the `COPY failed: ` the step adds. */
export class SourceError extends Error {
  readonly code = 'BUILD_SOURCE';
}

const notFound = (rel: string) => new SourceError(`file not found in build context or excluded by .dockerignore: stat ${rel}: file does not exist`);

/** The cleaned context path of a source word, or a SourceError when it leaves the root. */
function cleanSource(word: string): string {
  const rel = goClean(word.replace(/^(\.?\/)+/, ''));
  if (rel === '..' || rel.startsWith('../')) throw new SourceError(`forbidden path outside the build context: ${word} ()`);
  return rel;
}

/** A named source, its symlinks followed inside `root`. */
function named(root: string, rel: string, name: string, ignore?: IgnoreMatcher): Source {
  if (ignore?.ignores(rel)) throw notFound(rel);
  let resolved: string;
  try {
    resolved = followInScope(root, rel);
  } catch (e) {
    if (e instanceof ScopeError) throw notFound(rel);
    throw e;
  }
  const inRoot = resolved === '/' ? '.' : resolved.slice(1);
  if (ignore?.ignores(inRoot)) throw notFound(rel);
  const abs = hostPath(root, resolved);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw notFound(rel);
  }
  return { rel: inRoot, name, abs, isDir: st.isDirectory() };
}

/** Every path under `root` matching `pattern` (a matched directory is not searched further). */
function matches(root: string, pattern: string, ignore?: IgnoreMatcher): string[] {
  const re = compileMatch(pattern);
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const rel = prefix ? `${prefix}/${entry}` : entry;
      if (ignore?.ignores(rel)) {
        if (ignore.canSkipDir(rel)) continue;
      } else if (re.test(rel)) {
        out.push(rel);
        continue;
      }
      if (lstatSync(`${dir}/${entry}`).isDirectory()) walk(`${dir}/${entry}`, rel);
    }
  };
  walk(root, '');
  return out;
}

/** Resolves the source words of one instruction; a pattern that matches nothing gives no source. */
export function resolveSources(root: string, words: readonly string[], o: { ignore?: IgnoreMatcher } = {}): Source[] {
  const out: Source[] = [];
  for (const word of words) {
    const rel = cleanSource(word);
    if (!hasMeta(rel)) {
      out.push(named(root, rel, rel, o.ignore));
      continue;
    }
    for (const m of matches(root, rel, o.ignore)) out.push(named(root, m, m, o.ignore));
  }
  return out;
}
