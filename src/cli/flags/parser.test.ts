import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from './parser.js';
import { FlagError, type FlagSpec } from './types.js';

const RUN: FlagSpec[] = [
  { long: 'detach', short: 'd', type: 'bool', usage: '' },
  { long: 'interactive', short: 'i', type: 'bool', usage: '' },
  { long: 'tty', short: 't', type: 'bool', usage: '' },
  { long: 'rm', type: 'bool', usage: '' },
  { long: 'env', short: 'e', type: 'stringArray', usage: '' },
  { long: 'name', type: 'string', usage: '' },
  { long: 'entrypoint', type: 'string', usage: '' },
  { long: 'last', short: 'n', type: 'int', default: -1, usage: '' },
  { long: 'sig-proxy', type: 'bool', default: true, usage: '' },
  { long: 'stop', type: 'duration', usage: '' },
  { long: 'memory', short: 'm', type: 'bytes', usage: '' },
];

interface Case {
  argv: string[];
  interspersed?: boolean;
  values?: Record<string, unknown>;
  args?: string[];
  error?: string;
}

const cases: Record<string, Case> = {
  'combined shorts': { argv: ['-dit', 'img'], values: { detach: true, interactive: true, tty: true }, args: ['img'] },
  'value glued to short': { argv: ['-eFOO=bar', 'img'], values: { env: ['FOO=bar'] } },
  'value after short': { argv: ['-e', 'FOO=bar', 'img'], values: { env: ['FOO=bar'] } },
  'value glued after bools': { argv: ['-deA=1', 'img'], values: { detach: true, env: ['A=1'] } },
  'short with =': { argv: ['-e=A=1', 'img'], values: { env: ['A=1'] } },
  'long with =': { argv: ['--env=FOO=bar', 'img'], values: { env: ['FOO=bar'] } },
  'repeated array': { argv: ['-e', 'A=1', '--env', 'B=2', '-eC=3'], values: { env: ['A=1', 'B=2', 'C=3'] } },
  'bool =false': { argv: ['--rm=false', 'img'], values: { rm: false }, args: ['img'] },
  'bool default true off': { argv: ['--sig-proxy=false'], values: { 'sig-proxy': false } },
  'long takes next word even with dash': { argv: ['--entrypoint', '-x', 'img'], values: { entrypoint: '-x' }, args: ['img'] },
  'empty value': { argv: ['--entrypoint', '', 'img'], values: { entrypoint: '' }, args: ['img'] },
  'stops at image when not interspersed': {
    argv: ['--rm', 'img', 'sh', '-c', 'exit 3', '--rm'], interspersed: false,
    values: { rm: true }, args: ['img', 'sh', '-c', 'exit 3', '--rm'],
  },
  'interspersed flags after positional': { argv: ['a', '-d', 'b'], values: { detach: true }, args: ['a', 'b'] },
  'double dash ends flags': { argv: ['-d', '--', '-i', 'x'], values: { detach: true, interactive: false }, args: ['-i', 'x'] },
  'single dash is positional': { argv: ['-', 'repo'], args: ['-', 'repo'] },
  'int negative default': { argv: [], values: { last: -1 } },
  'int value': { argv: ['-n', '3'], values: { last: 3 } },
  'duration': { argv: ['--stop', '1m30s'], values: { stop: 90e9 } },
  'bytes': { argv: ['-m', '512m'], values: { memory: 512 * 1024 * 1024 } },
  'unknown long': { argv: ['--bogus'], error: 'unknown flag: --bogus' },
  'unknown long with value': { argv: ['--bogus=1'], error: 'unknown flag: --bogus' },
  'unknown short': { argv: ['-x'], error: "unknown shorthand flag: 'x' in -x" },
  'unknown short in group': { argv: ['-dx'], error: "unknown shorthand flag: 'x' in -dx" },
  'missing short value': { argv: ['-e'], error: "flag needs an argument: 'e' in -e" },
  'missing long value': { argv: ['--name'], error: 'flag needs an argument: --name' },
  'bad bool': { argv: ['--rm=bad'], error: 'invalid argument "bad" for "--rm" flag: strconv.ParseBool: parsing "bad": invalid syntax' },
  'bad int': { argv: ['-n', 'abc'], error: 'invalid argument "abc" for "-n, --last" flag: strconv.ParseInt: parsing "abc": invalid syntax' },
  'bad duration': { argv: ['--stop', '5x'], error: 'invalid argument "5x" for "--stop" flag: time: unknown unit "x" in duration "5x"' },
};

for (const [name, c] of Object.entries(cases)) {
  test(`parseFlags: ${name}`, () => {
    const run = (): ReturnType<typeof parseFlags> => parseFlags(c.argv, RUN, { interspersed: c.interspersed ?? true });
    if (c.error) {
      assert.throws(run, (e: unknown) => e instanceof FlagError && e.message === c.error);
      return;
    }
    const p = run();
    for (const [k, v] of Object.entries(c.values ?? {})) assert.deepEqual(p.values[k], v, k);
    if (c.args) assert.deepEqual(p.args, c.args);
  });
}

test('parseFlags records which flags were given', () => {
  const p = parseFlags(['--rm=false', '-e', 'A'], RUN);
  assert.deepEqual([...p.changed].sort(), ['env', 'rm']);
});
