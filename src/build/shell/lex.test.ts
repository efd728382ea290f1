/**
 * The lexer against tables of rows (testdata/expand.txt for processWord, testdata/words.txt for
 * processWords), in the manner of BuildKit's envVarTest and wordsTest, plus the look-up sets, the
 * error's wording and the options.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ShellLex, ShellExpansionError, type Env } from './lex.js';
import { goQuote } from '../../util/go-quote.js';

/** The fixtures stay in src/ (tsc does not copy them); this file runs from dist/src/build/shell. */
const TESTDATA = new URL('../../../../src/build/shell/testdata/', import.meta.url);

const ENV: Env = new Map(Object.entries({
  PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '', FOO: 'xxyy', FILE: 'archive.tar.gz',
  PATHV: '/usr/local/bin:/usr/bin', URL: 'http://google.de', TMPF: '/tmp/foo.txt', SPACED: 'a  b',
}));

interface Row { line: number; escape: '\\' | '`'; input: string; expected: string }

/** The rows of a table: `input | expected` (split at the first ` | `, or a final ` |`), `#` comments, `!escape <c>` switches. */
function readRows(name: string): Row[] {
  const rows: Row[] = [];
  let escape: '\\' | '`' = '\\';
  readFileSync(new URL(name, TESTDATA), 'utf8').split('\n').forEach((text, i) => {
    if (text.startsWith('#') || text.trim() === '') return;
    if (text.startsWith('!escape ')) { escape = text.slice(8).trim() === '`' ? '`' : '\\'; return; }
    const bar = / \|( |$)/.exec(text);
    assert.ok(bar, `${name}:${i + 1}: no " | " in ${JSON.stringify(text)}`);
    rows.push({ line: i + 1, escape, input: text.slice(0, bar.index).trim(), expected: text.slice(bar.index + 2).trim() });
  });
  return rows;
}

/** Runs `fn`; returns its value, or `error: <reason>` for a ShellExpansionError (checking its wording). */
function outcome<T>(input: string, fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    assert.ok(err instanceof ShellExpansionError, `not a ShellExpansionError: ${String(err)}`);
    assert.equal(err.code, 'SHELL_EXPANSION');
    assert.equal(err.message, `failed to process ${goQuote(input)}: ${err.reason}`);
    return `error: ${err.reason}`;
  }
}

const expandRows = readRows('expand.txt');
const wordRows = readRows('words.txt');

test('the tables are all there', () => {
  assert.ok(expandRows.length >= 200, `expand.txt has ${expandRows.length} rows`);
  assert.ok(wordRows.length >= 20, `words.txt has ${wordRows.length} rows`);
  assert.ok(expandRows.filter((r) => r.expected.startsWith('error: ')).length >= 40);
});

test('processWord: every row of testdata/expand.txt', () => {
  for (const row of expandRows) {
    const got = outcome(row.input, () => new ShellLex(row.escape).processWord(row.input, ENV));
    assert.equal(got, row.expected, `expand.txt:${row.line}: ${row.input}`);
  }
});

test('processWords: every row of testdata/words.txt', () => {
  for (const row of wordRows) {
    const got = outcome(row.input, () => new ShellLex(row.escape).processWords(row.input, ENV));
    const expected = row.expected === '' ? [] : row.expected.split(',');
    assert.deepEqual(got, expected, `words.txt:${row.line}: ${row.input}`);
  }
});

test('processWords: whitespace at the ends and tabs separate words; escaped or quoted they do not', () => {
  const lex = new ShellLex('\\');
  assert.deepEqual(lex.processWords('  a \t b\n c  ', ENV), ['a', 'b', 'c']);
  assert.deepEqual(lex.processWords('a\\\tb " c "', ENV), ['a\tb', ' c ']);
  assert.deepEqual(lex.processWords('a\u00a0b\u3000c\ufeffd', ENV), ['a', 'b', 'c\ufeffd'], 'Go unicode.IsSpace, not JS \\s');
  assert.deepEqual(new ShellLex('`').processWords('a` b c', ENV), ['a b', 'c']);
});

test('processWordWithMatches: names found set (empty counts) and unset, from defaults and patterns too', () => {
  const lex = new ShellLex('\\');
  const env: Env = new Map([['FOO', 'xxx'], ['BAR', ''], ['NEEDLE', 'x']]);
  const cases: [string, string, string[], string[]][] = [
    ['x', 'x', [], []],
    ['x ${UNUSED}', 'x ', [], ['UNUSED']],
    ['${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}', 'xxx  ccc', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}', 'xxx bbb ccc', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}', 'aaa  ', ['FOO', 'BAR'], ['BAZ']],
    ['${FOO#$NEEDLE} ${FOO//$NEEDLE/$R}', 'xx ', ['FOO', 'NEEDLE'], ['R']],
    ['$FOO$FOO "$UNSET" \'$SINGLE\'', 'xxxxxx  $SINGLE', ['FOO'], ['UNSET']],
    ['\\$ESCAPED', '$ESCAPED', [], []],
  ];
  for (const [input, result, matched, unmatched] of cases) {
    const got = lex.processWordWithMatches(input, env);
    assert.deepEqual(got, { result, matched: new Set(matched), unmatched: new Set(unmatched) }, input);
  }
});

test('the error names the word as Go quotes it, and the reason apart', () => {
  const lex = new ShellLex('\\');
  assert.throws(() => lex.processWord('a\t"${X?is "required"}', ENV), {
    code: 'SHELL_EXPANSION', reason: 'X: is required', message: 'failed to process "a\\t\\"${X?is \\"required\\"}": X: is required',
  });
  assert.throws(() => lex.processWord('${', ENV), { message: 'failed to process "${": syntax error: missing \'}\'' });
  assert.equal(goQuote('안녕 \\ \x01 \x7f \u00a0 \u{1f47d} \u200b'), '"안녕 \\\\ \\x01 \\x7f \\u00a0 \u{1f47d} \\u200b"');
});

test('names are exact: no case folding, no process environment, the env is not changed', () => {
  const env = new Map([['Foo', 'a']]);
  assert.equal(new ShellLex('\\').processWord('$Foo-$foo-$FOO-$HOME', env), 'a---');
  assert.deepEqual([...env], [['Foo', 'a']]);
});

test('one ShellLex serves many words: nothing carries over, not even after an error', () => {
  const lex = new ShellLex('\\');
  assert.throws(() => lex.processWord('${FOO#"x', ENV), ShellExpansionError);
  assert.equal(lex.processWord('${FOO#x}\\$', ENV), 'xyy$');
  assert.deepEqual(lex.processWordWithMatches('$PWD', ENV).unmatched, new Set());
});

test('options: skipUnsetEnv keeps unset references as written; rawQuotes keeps the quotes; rawEscapes the escapes', () => {
  const keep = new ShellLex('\\', { skipUnsetEnv: true, rawQuotes: true });
  assert.equal(keep.processWord('$PWD $XXX ${XXX} ${XXX:-d} ${XXX#p} ${XXX//a/b} ${PWD:-d}', ENV), '/home $XXX ${XXX} ${XXX:-d} ${XXX#p} ${XXX/a/b} /home');
  assert.equal(keep.processWord(`'a b' "c $PWD"`, ENV), `'a b' "c /home"`);
  assert.deepEqual(keep.processWords(`'a b' "c"`, ENV), [`'a b'`, '"c"']);
  assert.equal(new ShellLex('\\', { rawEscapes: true }).processWord('a\\ b "\\$x"', ENV), 'a\\ b \\$x');
  assert.equal(new ShellLex('\\', { skipProcessQuotes: true }).processWord(`'$PWD' "x`, ENV), `'/home' "x`);
});
