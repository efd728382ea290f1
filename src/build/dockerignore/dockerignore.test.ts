import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerignore, IgnoreMatcher, DockerignoreError, filepathMatch, BadPatternError, hasMeta } from './index.js';

test('ReadAll: comments in column one, trimming, blank lines, Clean, leading / dropped, ! kept', () => {
  const rows: [string, string[]][] = [
    ['# comment\n\n  \nnode_modules\n', ['node_modules']],
    ['\uFEFFa\r\nb\r\n', ['a', 'b']],
    ['  #not-a-comment  ', ['#not-a-comment']],
    ['/a/../b/\n./c//d\n', ['b', 'c/d']],
    ['! /x/y/ \n!z', ['!x/y', '!z']],
    ['/\n', ['/']],
    ['!', ['!']],
    ['a\nb', ['a', 'b']],
  ];
  for (const [text, want] of rows) assert.deepEqual(parseDockerignore(text), want, JSON.stringify(text));
});

/** [patterns, path, ignored] */
const matches: [string[], string, boolean][] = [
  [['a'], 'a', true],
  [['a'], 'a/b/c', true],
  [['a'], 'b/a', false],
  [['a'], 'A', false],
  [['*.md'], 'README.md', true],
  [['*.md'], 'docs/README.md', false],
  [['*/*.md'], 'docs/README.md', true],
  [['**/*.md'], 'docs/x/README.md', true],
  [['**/*.md'], 'README.md', true],
  [['**'], 'anything/at/all', true],
  [['a/**/b'], 'a/b', true],
  [['a/**/b'], 'a/x/y/b', true],
  [['a/**/b'], 'a/x/y/b/c', true],
  [['?'], 'x', true],
  [['?'], 'xy', false],
  [['[a-c]x'], 'bx', true],
  [['[a-c]x'], 'dx', false],
  [['[^a-c]x'], 'dx', true],
  [['\\*'], '*', true],
  [['\\*'], 'x', false],
  [['a.b'], 'axb', false],
  [['#x'], '#x', true],
  [['*', '!keep'], 'keep', false],
  [['*', '!keep'], 'other', true],
  [['*', '!keep', 'keep'], 'keep', true],
  [['a', '!a/keep'], 'a/keep/deep', false],
  [['a', '!a/keep'], 'a/other', true],
  [['x'], '.', false],
  [['x'], './x/', true],
  [['*'], '', false],
];

test('matching: the last matching pattern decides; parents match; Go globs and ** ; case-sensitive', () => {
  for (const [patterns, path, want] of matches) {
    assert.equal(new IgnoreMatcher(patterns).ignores(path), want, `${JSON.stringify(patterns)} ${path}`);
  }
});

test('directory skip: only when no exception, read literally, starts inside the directory', () => {
  const rows: [string[], string, boolean][] = [
    [['a'], 'a', true],
    [['a'], 'b', false],
    [['a', '!a/keep'], 'a', false],
    [['a', '!a/keep'], 'a/other', true],
    [['a', '!ab'], 'a', true],
    [['*', '!*/keep'], 'a', true],
    [['a', '!a'], 'a', false],
  ];
  for (const [patterns, dir, want] of rows) assert.equal(new IgnoreMatcher(patterns).canSkipDir(dir), want, `${JSON.stringify(patterns)} ${dir}`);
});

test('moby refuses "!" alone and malformed patterns, with a code', () => {
  for (const [bad, message] of [['!', 'illegal exclusion pattern: "!"'], ['[', 'syntax error in pattern'], ['a\\', 'syntax error in pattern'], ['[]a]', 'syntax error in pattern'], ['[z-a]', 'syntax error in pattern']] as const) {
    assert.throws(() => new IgnoreMatcher([bad]), (e: unknown) => e instanceof DockerignoreError && e.code === 'DOCKERIGNORE_PATTERN' && e.message === message, bad);
  }
  assert.deepEqual(new IgnoreMatcher(['  ', 'x']).patterns, ['x']);
  assert.equal(new IgnoreMatcher(['a', '!b']).hasExceptions, true);
});

test('filepath.Match: Go semantics', () => {
  const rows: [string, string, boolean][] = [
    ['*', 'abc', true], ['*', 'a/b', false], ['a*', 'a', true], ['*c', 'abc', true], ['a*/b', 'abc/b', true],
    ['?', '/', false], ['[^a]', '/', true], ['[a-z]', 'q', true], ['[\\]]', ']', true], ['[\\-]', '-', true],
    ['\\*', '*', true], ['\\?', 'x', false], ['a.b', 'a.b', true], ['a+b(c)', 'a+b(c)', true], ['é?', 'éx', true],
    ['[é-ë]', 'ê', true],
  ];
  for (const [p, n, want] of rows) assert.equal(filepathMatch(p, n), want, `${p} ${n}`);
  for (const bad of ['[', '[]', '[^]', 'a\\', '[a-', '[-]', '[z-a]', '[a']) {
    assert.throws(() => filepathMatch(bad, 'x'), BadPatternError, bad);
  }
  assert.equal(hasMeta('a\\b'), true);
  assert.equal(hasMeta('plain/name.txt'), false);
});
