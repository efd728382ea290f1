/** `--env-file` parsing, each row the docker CLI 28's answer (run against the reference Docker). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvFile } from './env-file.js';

const env = { HOME: '/h', EMPTY: '' };

test('values pass through untrimmed; comments, blank lines and leading space are skipped; a BOM is dropped', () => {
  const text = Buffer.from('\ufeffA=1\n  # a comment\n\nB= two \n\tC=x=y\r\nD=\n');
  assert.deepEqual(parseEnvFile(text, env), ['A=1', 'B= two ', 'C=x=y', 'D=']);
});

test('a bare name takes the client\'s value when it is set, and is left out otherwise', () => {
  assert.deepEqual(parseEnvFile(Buffer.from('HOME\nEMPTY\nUNSET\n'), env), ['HOME=/h', 'EMPTY=']);
});

test('bad lines are refused with docker\'s words', () => {
  assert.throws(() => parseEnvFile(Buffer.from('BAD KEY=1\n'), env), { message: "variable 'BAD KEY' contains whitespaces" });
  assert.throws(() => parseEnvFile(Buffer.from('=x\n'), env), { message: "no variable name on line '=x'" });
  assert.throws(() => parseEnvFile(Buffer.from([0x41, 0x3d, 0xff, 0x0a]), env), { message: 'invalid utf8 bytes at line 1: [65 61 255]' });
});
