/** `top`'s reading of ps output, with cases taken from what Docker 20.10 answers for the same ps runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InternalError } from '../errors.js';
import { fieldsAscii, parsePsOutput, validatePsArgs } from './ps-output.js';

const EF = `UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 Nov21 ?        00:00:04 /sbin/init
root       21120   21100 87 23:49 ?        00:00:02 sh -c sleep 1000 & while :; do :; done
root       21151   21120  0 23:49 ?        00:00:00 sleep 1000
`;

test('rows of the container\'s PIDs are kept; words past the last title join into the command', () => {
  assert.deepEqual(parsePsOutput(EF, [21120, 21151]), {
    Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'],
    Processes: [
      ['root', '21120', '21100', '87', '23:49', '?', '00:00:02', 'sh -c sleep 1000 & while :; do :; done'],
      ['root', '21151', '21120', '0', '23:49', '?', '00:00:00', 'sleep 1000'],
    ],
  });
  assert.deepEqual(parsePsOutput(EF, []).Processes, [], 'no process of the host leaks in');
});

test('thread rows (PID "-", ps -m) follow the process row they belong to', () => {
  const out = 'PID TTY TIME CMD\n10 ? 00:00:00 app\n- - 00:00:00 -\n20 ? 00:00:00 other\n- - 00:00:00 -\n';
  assert.deepEqual(parsePsOutput(out, [10]).Processes, [['10', '?', '00:00:00', 'app'], ['-', '-', '00:00:00', '-']]);
});

test('ps output without a PID column, and a PID that is not a number, are Docker\'s errors', () => {
  assert.throws(() => parsePsOutput('COMMAND\nsh\n', [1]), (e: unknown) => e instanceof InternalError && e.message === "Couldn't find PID field in ps output");
  assert.throws(() => parsePsOutput('PID CMD\nabc sh\n', [1]), /^Error: Unexpected pid 'abc': strconv.Atoi: parsing "abc": invalid syntax$/);
});

test('renaming a column to PID is refused, pid=PID is allowed', () => {
  assert.throws(() => validatePsArgs('-o pid,comm x=PID'), (e: unknown) => e instanceof InternalError && e.message === 'specifying "x=PID" is not allowed');
  assert.throws(() => validatePsArgs('-o ppid=PID'), /specifying "ppid=PID" is not allowed/);
  assert.doesNotThrow(() => validatePsArgs('-o pid=PID,comm'));
  assert.doesNotThrow(() => validatePsArgs('-ef'));
});

test('fields split on ASCII whitespace only', () => {
  assert.deepEqual(fieldsAscii(' a\tb  c\u00a0d\n'), ['a', 'b', 'c\u00a0d']);
});
