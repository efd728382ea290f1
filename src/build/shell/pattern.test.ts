/** Shell patterns as BuildKit turns them into regular expressions, and Go's ReplaceAll rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patternToRegex, reversePattern, reverseString, replaceAll, replaceFirst, trimPrefix, trimSuffix, expandTemplate } from './pattern.js';
import { LexFailure } from './errors.js';

test('patterns: * and ? are wildcards, regex characters literal, \\ escapes only * ? \\ and drops before } /', () => {
  assert.equal(patternToRegex('*', true, true), '^[^\\n]*');
  assert.equal(patternToRegex('*', false, false), '[^\\n]*?');
  assert.equal(patternToRegex('?', true, true), '^[^\\n]');
  assert.equal(patternToRegex('\\*', true, true), '^\\*');
  assert.equal(patternToRegex('(()[]{\\}^$.\\*\\?|\\\\', true, true), '^\\(\\(\\)\\[\\]\\{\\}\\^\\$\\.\\*\\?\\|\\\\');
  assert.equal(patternToRegex('a\\/b', true, false), 'a/b');
  for (const bad of ['\\', '\\x', '\\\\\\']) assert.throws(() => patternToRegex(bad, true, true), LexFailure, bad);
  assert.throws(() => patternToRegex('\\', true, true), { message: "invalid escape '\\\uFFFD'" });
});

test('reversing keeps escape pairs and whole characters', () => {
  const cases: [string, string][] = [['a\\*c', 'c\\*a'], ['\\\\\\ab', 'b\\a\\\\'], ['ab\\', '\\ba'], ['👽\\🚀🖖', '🖖\\🚀👽'], ['\\\\b', 'b\\\\']];
  for (const [p, want] of cases) assert.equal(reversePattern(p), want, p);
  assert.equal(reverseString('🖖🚀👽'), '👽🚀🖖');
});

test('trimming: shortest and longest, a ? is one character (not half of one), no match leaves the value', () => {
  assert.equal(trimPrefix('?', '👽x', false), 'x');
  assert.equal(trimSuffix('?', 'x👽', false), 'x');
  assert.equal(trimPrefix('*/', 'a/b/c', false), 'b/c');
  assert.equal(trimPrefix('*/', 'a/b/c', true), 'c');
  assert.equal(trimSuffix('/*', 'a/b/c', false), 'a/b');
  assert.equal(trimSuffix('/*', 'a/b/c', true), 'a');
  assert.equal(trimPrefix('*b', 'a\nb', true), 'a\nb', '* does not cross a newline (Go regexp)');
  assert.equal(trimPrefix('z', 'abc', true), 'abc');
});

test('replacing all as Go does: no empty match right after a match; $0 and $$ in the replacement', () => {
  assert.equal(replaceAll('xxyy', '*', 'z'), 'z');
  assert.equal(replaceAll('xxyy', '', '-'), '-x-x-y-y-');
  assert.equal(replaceAll('/foo*/*/*.txt', '\\*/', '.'), '/foo..*.txt');
  assert.equal(replaceFirst('/foo*/*/*.txt', '\\*/', '.'), '/foo.*/*.txt');
  assert.equal(replaceAll('/a/foo/b/c.txt', '/?/', '/'), '/foo/c.txt');
  assert.equal(replaceAll('ab', 'b', '[$0|${0}|$$|$1|$x|${x|$]'), 'a[b|b|$|||${x|$]');
  assert.equal(replaceFirst('ab', 'b', '$0'), 'a$0');
  assert.equal(expandTemplate('$00 $0a ${0}a $0}', 'M'), ' ' + ' ' + 'Ma M}');
});
