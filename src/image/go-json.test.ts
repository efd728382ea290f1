/**
 * Go encoding/json and time behaviour that image IDs of legacy loads depend on. Cases marked
 * "Docker:" were checked against Docker 20.10 (the config bytes its legacy load produced).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoJson, goCompact, goString, goObject, GoJsonError, MAX_DEPTH } from './go-json.js';
import { parseGoTime, formatGoTime, GoTimeError } from './go-time.js';
import { decodeGo, encodeGo, zeroOf, GoTypeError, type GoType } from './go-struct.js';

test('compact keeps escapes and number spellings, drops whitespace, escapes <>& (Docker: extra_field)', () => {
  assert.equal(goCompact(' [1, 2.50, {"k" : "\\u00e9"}]\n'), '[1,2.50,{"k":"\\u00e9"}]');
  assert.equal(goCompact('"a<b & c>d \\" \u2028"'), '"a\\u003cb \\u0026 c\\u003ed \\" \\u2028"');
});

test('strings are written as Go 1.19 writes them', () => {
  assert.equal(goString('Ann <ann@example.com>'), '"Ann \\u003cann@example.com\\u003e"');
  assert.equal(goString('q"b\\\n\r\t\b\f\u0001\u007fé\u2029'), '"q\\"b\\\\\\n\\r\\t\\u0008\\u000c\\u0001\u007fé\\u2029"');
});

test('map keys sort bytewise (UTF-8), not by UTF-16 code units', () => {
  assert.equal(goObject([['\uffff', '1'], ['\u{10000}', '2'], ['B', '3'], ['a', '4']]), '{"B":3,"a":4,"\uffff":1,"\u{10000}":2}');
});

test('the parser keeps duplicate keys and spans, and turns a lone surrogate into U+FFFD', () => {
  const text = '{"a": 1, "a": [true, null], "s": "\\ud800x\\ud83d\\ude00"}';
  const node = parseGoJson(text);
  assert.equal(node.kind, 'object');
  if (node.kind !== 'object') return;
  assert.deepEqual(node.entries.map((e) => [e.key, text.slice(e.value.start, e.value.end)]), [['a', '1'], ['a', '[true, null]'], ['s', '"\\ud800x\\ud83d\\ude00"']]);
  assert.deepEqual(node.entries[2]!.value, { kind: 'string', value: '\ufffdx\u{1f600}', start: text.indexOf('"\\ud800'), end: text.length - 1 });
});

test('malformed or too deeply nested JSON is refused', () => {
  for (const bad of ['', '{', '{"a":1,}', '[01]', '"\u0001"', '{"a" 1}', 'nul', '1 2', "{'a':1}"]) {
    assert.throws(() => parseGoJson(bad), GoJsonError, JSON.stringify(bad));
  }
  assert.throws(() => parseGoJson('['.repeat(MAX_DEPTH + 2) + ']'.repeat(MAX_DEPTH + 2)), /nests deeper/);
});

test('times: Go 1.19 leniency (Docker: "2016-01-01T1:00:00,25+00:00" gave "2016-01-01T01:00:00.25Z")', () => {
  const cases: Array<[string, string]> = [
    ['2016-01-01T1:00:00,25+00:00', '2016-01-01T01:00:00.25Z'],
    ['2016-01-03T05:00:00.500000000+02:00', '2016-01-03T05:00:00.5+02:00'],
    ['2015-06-01T10:00:00.000000001-07:30', '2015-06-01T10:00:00.000000001-07:30'],
    ['2016-01-01T00:00:00.1234567891Z', '2016-01-01T00:00:00.123456789Z'],
    ['2016-02-29T23:59:59-00:00', '2016-02-29T23:59:59Z'],
  ];
  for (const [input, out] of cases) assert.equal(formatGoTime(parseGoTime(input)), out, input);
  for (const bad of ['2016-01-01 00:00:00', '2015-02-29T00:00:00Z', '2016-13-01T00:00:00Z', '2016-01-01T24:00:00Z', '2016-01-01T00:00:00', '2016-01-01T00:00:00+0100']) {
    assert.throws(() => parseGoTime(bad), GoTimeError, bad);
  }
});

test('struct decoding: case-folded keys, null keeps scalars and clears lists, maps merge, types are checked', () => {
  const t: GoType = { struct: [{ name: 'Cmd', type: 'strslice' }, { name: 'User', type: 'string' }, { name: 'Labels', type: 'smap' }, { name: 'N', type: { ptr: 'int' }, omitempty: true }] };
  const src = '{"cmd":"run","USER":"a","user":null,"Labels":{"x":"1"},"labels":{"y":null},"N":9223372036854775807}';
  const v = decodeGo(parseGoJson(src), t, zeroOf(t), src);
  assert.equal(encodeGo(t, v), '{"Cmd":["run"],"User":"a","Labels":{"x":"1","y":""},"N":9223372036854775807}');
  const cleared = '{"Cmd":["a"],"Cmd":null,"N":0}';
  assert.equal(encodeGo(t, decodeGo(parseGoJson(cleared), t, zeroOf(t), cleared)), '{"Cmd":null,"User":"","Labels":null,"N":0}');
  for (const bad of ['{"Cmd":[1]}', '{"User":1}', '{"N":1e3}', '{"N":9223372036854775808}', '{"Labels":[]}']) {
    assert.throws(() => decodeGo(parseGoJson(bad), t, zeroOf(t), bad), GoTypeError, bad);
  }
});
