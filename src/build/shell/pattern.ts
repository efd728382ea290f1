/**
 * The patterns of `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}` and `${V//p/r}`, as BuildKit
 * matches them: `*` is any string (shortest or longest), `?` one character, `\` escapes `*`, `?`, `\`
 * (and drops before `}` and `/`); every other character is literal. BuildKit has no bracket
 * expressions: `[a-z]` is the five characters `[`, `a`, `-`, `z`, `]`. Any other escape is an error.
 * `.` here never matches a newline, as in Go's regexp. Suffix removal reverses the pattern and the
 * value and removes a prefix, as BuildKit does (so an error shows the reversed pattern).
 */
import { LexFailure } from './errors.js';

const REGEX_SPECIAL = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);
const ANY = '[^\\n]';

/** The regular expression source for a shell pattern; throws a `LexFailure` on a bad escape. */
export function patternToRegex(pattern: string, greedy: boolean, anchored: boolean): string {
  const runes = Array.from(pattern);
  let out = anchored ? '^' : '';
  for (let i = 0; i < runes.length; i++) {
    let tok = runes[i]!;
    if (tok === '*') { out += greedy ? `${ANY}*` : `${ANY}*?`; continue; }
    if (tok === '?') { out += ANY; continue; }
    if (tok === '\\') {
      const next = runes[i + 1];
      if (next === '}' || next === '/') continue;
      i++;
      if (next !== '*' && next !== '?' && next !== '\\') throw new LexFailure(`invalid escape '\\${next ?? '\uFFFD'}'`);
      out += '\\';
      tok = next;
    } else if (REGEX_SPECIAL.has(tok)) {
      out += '\\';
    }
    out += tok;
  }
  return out;
}

function compile(pattern: string, greedy: boolean, anchored: boolean, flags: string): RegExp {
  try {
    return new RegExp(patternToRegex(pattern, greedy, anchored), flags);
  } catch (err) {
    const why = err instanceof LexFailure ? err.message : String(err);
    throw new LexFailure(`invalid pattern (${pattern}) in substitution: ${why}`);
  }
}

/** `${V#p}` (shortest) or `${V##p}` (longest): `value` without its prefix matching `pattern`. */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = compile(pattern, greedy, true, 'u').exec(value);
  return m ? value.slice(m[0].length) : value;
}

/** `${V%p}` / `${V%%p}`: `value` without its suffix matching `pattern`. */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

/** Reverses a pattern keeping each `\x` pair in order: `a\*c` → `c\*a`. */
export function reversePattern(pattern: string): string {
  const runes = Array.from(pattern);
  const out: string[] = [];
  for (let i = 0; i < runes.length;) {
    if (runes[i] === '\\' && i !== runes.length - 1) {
      out.unshift(runes[i]!, runes[i + 1]!);
      i += 2;
    } else {
      out.unshift(runes[i]!);
      i++;
    }
  }
  return out.join('');
}

/** Reverses by characters (code points), not UTF-16 units. */
export function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

/** `${V/p/r}`: the first match replaced by `replacement`, taken literally. */
export function replaceFirst(value: string, pattern: string, replacement: string): string {
  const m = compile(pattern, true, false, 'u').exec(value);
  if (!m) return value;
  return value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length);
}

/**
 * `${V//p/r}`: every match replaced, as Go's Regexp.ReplaceAllString does it: an empty match right
 * after a match is not replaced, and `$` in the replacement is Go's template syntax (`$0` the match,
 * `$$` a dollar, any other name empty).
 */
export function replaceAll(value: string, pattern: string, replacement: string): string {
  const re = compile(pattern, true, false, 'gu');
  let out = '';
  let lastEnd = 0;
  for (let pos = 0; pos <= value.length;) {
    re.lastIndex = pos;
    const m = re.exec(value);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += value.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += expandTemplate(replacement, m[0]);
    lastEnd = end;
    const width = pos < value.length ? String.fromCodePoint(value.codePointAt(pos)!).length : 1;
    pos = pos + width > end ? pos + width : end;
  }
  return out + value.slice(lastEnd);
}

const TEMPLATE_NAME = /^(\{)?([\p{L}\p{Nd}_]+)(\})?/u;

/** Go's Regexp.Expand for a regexp with no groups: `$0`/`${0}` is the match, `$$` a `$`. */
export function expandTemplate(template: string, match: string): string {
  let out = '';
  let rest = template;
  for (let i = rest.indexOf('$'); i >= 0; i = rest.indexOf('$')) {
    out += rest.slice(0, i);
    rest = rest.slice(i + 1);
    if (rest.startsWith('$')) { out += '$'; rest = rest.slice(1); continue; }
    const m = TEMPLATE_NAME.exec(rest);
    if (!m || (m[1] !== undefined && m[3] === undefined)) { out += '$'; continue; }
    const used = m[1] !== undefined ? m[0] : m[2]!;
    if (m[2] === '0') out += match;
    rest = rest.slice(used.length);
  }
  return out + rest;
}
