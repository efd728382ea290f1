/**
 * Go's `filepath.Match` on Linux, as a compiled regular expression: the glob grammar of COPY/ADD
 * sources and the validity check moby runs on every `.dockerignore` pattern.
 *
 *   pattern: { term }
 *   term:    '*'  any run of non-'/' characters
 *            '?'  one non-'/' character
 *            '[' [ '^' ] { range } ']'   a class (a negated class may match '/', as in Go)
 *            '\' c  the character c
 *            c    itself
 *   range:   c | lo '-' hi   ('-' and ']' must be escaped; lo <= hi)
 *
 * A malformed pattern (unclosed class, trailing '\', empty class, lo > hi) is Go's `ErrBadPattern`,
 * here a {@link BadPatternError}; the whole pattern is checked, not only the part a name reached.
 */

/** Go's `filepath.ErrBadPattern`: the message is Go's. */
export class BadPatternError extends Error {
  readonly code = 'BAD_PATTERN';
  constructor(readonly pattern: string) {
    super('syntax error in pattern');
  }
}

const lit = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** Reads one class character at `i` (with its escape); returns it and the next index. */
function classChar(p: string[], i: number, pattern: string): [string, number] {
  const c = p[i];
  if (c === undefined || c === '-' || c === ']') throw new BadPatternError(pattern);
  if (c !== '\\') return [c, i + 1];
  const e = p[i + 1];
  if (e === undefined) throw new BadPatternError(pattern);
  return [e, i + 2];
}

/** Compiles a class starting just after '['; returns the regex source and the index after ']'. */
function compileClass(p: string[], start: number, pattern: string): [string, number] {
  let i = start;
  let out = '[';
  if (p[i] === '^') { out += '^'; i++; }
  let first = true;
  for (;;) {
    if (p[i] === undefined) throw new BadPatternError(pattern);
    if (p[i] === ']' && !first) return [out + ']', i + 1];
    first = false;
    const [lo, afterLo] = classChar(p, i, pattern);
    i = afterLo;
    if (p[i] !== '-') { out += lit(lo); continue; }
    const [hi, afterHi] = classChar(p, i + 1, pattern);
    if (lo.codePointAt(0)! > hi.codePointAt(0)!) throw new BadPatternError(pattern);
    out += `${lit(lo)}-${lit(hi)}`;
    i = afterHi;
  }
}

/** Compiles a `filepath.Match` pattern; throws {@link BadPatternError} when it is malformed. */
export function compileMatch(pattern: string): RegExp {
  const p = [...pattern];
  let src = '^';
  for (let i = 0; i < p.length;) {
    const c = p[i]!;
    if (c === '*') { src += '[^/]*'; i++; } else if (c === '?') { src += '[^/]'; i++; } else if (c === '[') {
      const [cls, next] = compileClass(p, i + 1, pattern);
      src += cls;
      i = next;
    } else if (c === '\\') {
      if (p[i + 1] === undefined) throw new BadPatternError(pattern);
      src += lit(p[i + 1]!);
      i += 2;
    } else { src += lit(c); i++; }
  }
  return new RegExp(src + '$', 'su');
}

/** Go's `filepath.Match(pattern, name)`. */
export function filepathMatch(pattern: string, name: string): boolean {
  return compileMatch(pattern).test(name);
}

/** Whether the pattern has any of Go's meta characters (`*?[\`), i.e. is a glob rather than a plain name. */
export function hasMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}
