/**
 * `.dockerignore` text to patterns, by moby's `dockerignore.ReadAll`: a BOM on the first line is dropped,
 * a line that starts with `#` is a comment (only in the first column: ` #x` is the pattern `#x`), lines
 * are trimmed, blank ones skipped; a leading `!` (an exception) is kept and the rest trimmed again;
 * the pattern is `filepath.Clean`ed and a leading `/` dropped, so `/a/../b/` is `b`.
 */
import { goClean } from './clean.js';

/** Normalises one pattern (without its `!`), as ReadAll does. */
function normalise(pattern: string): string {
  if (pattern === '') return pattern;
  const clean = goClean(pattern);
  return clean.length > 1 && clean.startsWith('/') ? clean.slice(1) : clean;
}

/** Parses `.dockerignore` text into the ordered list of patterns (exceptions keep their leading `!`). */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    pattern = normalise(pattern);
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}
