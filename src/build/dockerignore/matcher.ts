/**
 * Docker's `.dockerignore` matcher (moby `fileutils.PatternMatcher`, as the CLI and the legacy builder use it):
 * patterns are applied in order and the last one that matches a path decides, so `!x` re-includes what an
 * earlier pattern excluded. A pattern also matches every path below a directory it matches (`a` ignores
 * `a/b/c`). `*` and `?` stay within one path element, `**` spans any number of them, `[...]` is a class,
 * `\` escapes. Matching is case-sensitive (Linux).
 *
 * Walkers skip a whole ignored directory with {@link IgnoreMatcher.canSkipDir}: as in moby's archive walker,
 * a directory can be skipped unless an exception pattern, read literally, starts with that directory's path
 * (`!a/keep` keeps `a` walked; a wildcard exception such as `!*\/keep` does not, as in Docker).
 *
 * The regular-expression translation is @balena/dockerignore's port of moby's; this class adds moby's
 * validation (`!` alone, malformed patterns) and the directory skip.
 */
import dockerignore, { type Ignore } from '@balena/dockerignore';
import { compileMatch, BadPatternError } from './filepath-match.js';
import { goClean } from './clean.js';

/** A `.dockerignore` pattern moby refuses (the message is moby's). */
export class DockerignoreError extends Error {
  readonly code = 'DOCKERIGNORE_PATTERN';
  constructor(readonly pattern: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface Rule { pattern: string; exclusion: boolean }

/** Validates and splits one pattern as moby's `NewPatternMatcher` does; `undefined` for a blank one. */
function rule(raw: string): Rule | undefined {
  const p = raw.trim();
  if (p === '') return undefined;
  const clean = goClean(p);
  const exclusion = clean.startsWith('!');
  if (exclusion && clean.length === 1) throw new DockerignoreError(raw, 'illegal exclusion pattern: "!"');
  const pattern = exclusion ? clean.slice(1) : clean;
  try {
    compileMatch(pattern);
  } catch (e) {
    if (e instanceof BadPatternError) throw new DockerignoreError(raw, e.message, { cause: e });
    throw e;
  }
  return { pattern, exclusion };
}

/** The library drops a rule that starts with `#` (its own comment rule): escape it, meaning the same. */
const forLibrary = (r: Rule) => `${r.exclusion ? '!' : ''}${r.pattern.startsWith('#') ? '\\' : ''}${r.pattern}`;

/** Matches context-relative paths against `.dockerignore` patterns. Immutable; safe to share. */
export class IgnoreMatcher {
  readonly #rules: Rule[];
  readonly #lib: Ignore;

  /**
   * @param patterns as {@link parseDockerignore} returns them (or the CLI's `--exclude`-style list).
   * @throws DockerignoreError for `!` alone or a malformed pattern (`[`, a trailing `\`).
   */
  constructor(patterns: readonly string[]) {
    this.#rules = patterns.map(rule).filter((r): r is Rule => r !== undefined);
    this.#lib = dockerignore.default({ ignorecase: false }).add(this.#rules.map(forLibrary));
  }

  /** The patterns in force, exceptions with their `!`. */
  get patterns(): string[] {
    return this.#rules.map((r) => (r.exclusion ? `!${r.pattern}` : r.pattern));
  }

  /** Whether any pattern is an exception (`!…`). */
  get hasExceptions(): boolean {
    return this.#rules.some((r) => r.exclusion);
  }

  /** Whether the path (relative to the context, `/`-separated; `./` and trailing `/` allowed) is excluded. The context root never is. */
  ignores(relPath: string): boolean {
    const p = goClean(relPath.replace(/^\/+/, ''));
    if (p === '.' || p.startsWith('../') || p === '..') return false;
    return this.#lib.ignores(p);
  }

  /**
   * For a walker: whether it may skip the whole directory `relDir` without looking inside. True when the
   * directory is ignored and no exception pattern starts with `relDir/`, Docker's rule.
   */
  canSkipDir(relDir: string): boolean {
    if (!this.ignores(relDir)) return false;
    const dirSlash = `${goClean(relDir.replace(/^\/+/, ''))}/`;
    return !this.#rules.some((r) => r.exclusion && `${r.pattern}/`.startsWith(dirSlash));
  }
}
