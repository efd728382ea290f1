import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, TYPE_NAME } from './exec.js';
import { basicFuncs, headerFuncs } from './funcs.js';
import { TemplateError } from './lexer.js';
import { parseTemplate } from './parser.js';

const data = {
  [TYPE_NAME]: '*ctx',
  ID: () => 'abc',
  Names: () => 'web',
  Label: (k: unknown) => ({ a: 'b' } as Record<string, string>)[String(k)] ?? '',
  List: ['x', 'y'],
  Map: { k2: 2, k1: 1 },
  Empty: '',
  Nested: { Inner: { Value: 7 } },
};

const cases: Array<[string, string]> = [
  ['{{.ID}}', 'abc'],
  ['{{.ID}} {{.Names}}', 'abc web'],
  ['{{.Label "a"}}|{{.Label "zz"}}', 'b|'],
  ['{{json .List}}', '["x","y"]'],
  ['{{join .List ","}}', 'x,y'],
  ['{{.ID | upper}}', 'ABC'],
  ['{{upper .ID | lower}}', 'abc'],
  ['{{if .Empty}}yes{{else}}no{{end}}', 'no'],
  ['{{if eq .ID "abc"}}match{{end}}', 'match'],
  ['{{if .Empty}}a{{else if .ID}}b{{end}}', 'b'],
  ['{{range .List}}<{{.}}>{{end}}', '<x><y>'],
  ['{{with .Nested}}{{.Inner.Value}}{{end}}', '7'],
  ['{{.Nested.Inner.Value}}', '7'],
  ['{{index .Map "k1"}}', '1'],
  ['{{.Map}}', 'map[k1:1 k2:2]'],
  ['{{.Map.missing}}', '<no value>'],
  ['a  {{- .ID -}}  b', 'aabcb'],
  ['{{printf "%s-%d" .ID 3}}', 'abc-3'],
  ['{{len .List}}', '2'],
  ['{{ .ID }}', 'abc'],
  ['{{`raw`}}', 'raw'],
  ['{{(.Label "a")}}', 'b'],
];
for (const [tpl, want] of cases) {
  test(`template ${tpl}`, () => assert.equal(execute(parseTemplate(tpl), data, basicFuncs), want));
}

test('unknown field of a typed context is an error naming the type and position', () => {
  assert.throws(() => execute(parseTemplate('x {{.Bogus}}'), data, basicFuncs), (e: unknown) =>
    e instanceof TemplateError && e.message === 'template: :1:4: executing "" at <.Bogus>: can\'t evaluate field Bogus in type *ctx');
});

test('syntax errors are TemplateErrors', () => {
  assert.throws(() => parseTemplate('{{.ID'), TemplateError);
  assert.throws(() => parseTemplate('{{if .ID}}x'), TemplateError);
  assert.throws(() => execute(parseTemplate('{{nofunc .ID}}'), data, basicFuncs), /function "nofunc" not defined/);
});

test('header functions leave header text unchanged', () => {
  assert.equal(execute(parseTemplate('{{json .ID}} {{upper .ID}}'), { ID: 'CONTAINER ID' }, headerFuncs), 'CONTAINER ID CONTAINER ID');
});
