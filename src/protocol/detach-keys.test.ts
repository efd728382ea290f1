import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetachKeyFilter, InvalidDetachKeysError, parseDetachKeys } from './detach-keys.js';

/** Every key Docker accepts (asked of Docker 20.10), with its code: single bytes and the lower-case ctrl- names. */
const ACCEPTED: Array<[string, number[]]> = [
  ['ctrl-p,ctrl-q', [16, 17]],
  ['ctrl-@', [0]],
  ...Array.from({ length: 26 }, (_, i): [string, number[]] => [`ctrl-${String.fromCharCode(97 + i)}`, [i + 1]]),
  ['ctrl-[', [27]], ['ctrl-\\', [28]], ['ctrl-]', [29]], ['ctrl-^', [30]], ['ctrl-_', [31]],
  ['ctrl-p,a,ctrl-q', [16, 97, 17]],
  ['a', [97]], ['a,b', [97, 98]], ['1', [49]], ['~', [126]], [' ', [32]],
];

for (const [spec, codes] of ACCEPTED) {
  test(`detach keys ${JSON.stringify(spec)} → ${codes.join(',')}`, () => assert.deepEqual(parseDetachKeys(spec), codes));
}

const REFUSED = ['CTRL-P', 'Ctrl-p', 'ctrl-P', 'cTrL-x', 'ctrl-pp', 'ctrl-1', ' ctrl-p', 'ctrl-p ', 'ctrl-p,', 'ctrl-', 'ctrl-,', '', 'é', 'ab', 'ctrl-p,,ctrl-q', ',', 'meta-a'];
for (const spec of REFUSED) {
  test(`detach keys ${JSON.stringify(spec)} are refused`, () => {
    assert.throws(() => parseDetachKeys(spec), (e: unknown) => e instanceof InvalidDetachKeysError && /^Unknown character: '/.test(e.message));
  });
}

test('DetachKeyFilter detects the sequence across chunks and passes other bytes', () => {
  const f = new DetachKeyFilter([16, 17]);
  assert.deepEqual(f.push(Buffer.from('ab\x10')), { pass: Buffer.from('ab'), detach: false });
  assert.deepEqual(f.push(Buffer.from('\x11')), { pass: Buffer.from(''), detach: true });
  const g = new DetachKeyFilter([16, 17]);
  assert.deepEqual(g.push(Buffer.from('\x10x')), { pass: Buffer.from('\x10x'), detach: false });
  const h = new DetachKeyFilter([0x10, 0x11]);
  assert.deepEqual(h.push(Buffer.from([0x61, 0x10])), { pass: Buffer.from([0x61]), detach: false });
  assert.deepEqual(h.push(Buffer.from([0x62])), { pass: Buffer.from([0x10, 0x62]), detach: false });
  assert.equal(h.push(Buffer.from([0x10, 0x11])).detach, true);
  assert.deepEqual(new DetachKeyFilter([]).push(Buffer.from('\x10\x11')), { pass: Buffer.from('\x10\x11'), detach: false });
});
