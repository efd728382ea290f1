import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetavarkOutput } from './errors.js';

test('the error of netavark JSON answer', () => {
  const out = '{"error":"invalid namespace path: IO error: No such file or directory (os error 2)"}\n';
  assert.deepEqual(parseNetavarkOutput(out, 'failed to connect to syslog: Initialization'), {
    message: 'invalid namespace path: IO error: No such file or directory (os error 2)',
    errors: ['invalid namespace path: IO error: No such file or directory (os error 2)'],
  });
});

test('a "multiple errors" answer is split into its errors', () => {
  const msg = 'netavark encountered multiple errors:\n\t- IO error: No such file or directory (os error 2)\n\t- failed to delete container veth eth0: Netlink error: No such device (os error 19)';
  const parsed = parseNetavarkOutput(JSON.stringify({ error: msg }), '');
  assert.deepEqual(parsed?.errors, [
    'IO error: No such file or directory (os error 2)',
    'failed to delete container veth eth0: Netlink error: No such device (os error 19)',
  ]);
});

test("plain text on stderr, with the syslog notice glued in front, gives the option parser's error line", () => {
  const err = "failed to connect to syslog: Initializationerror: Found argument '--bogus' which wasn't expected\n\nUSAGE:\n    netavark [OPTIONS] <SUBCOMMAND>\n\nFor more information try --help\n";
  assert.equal(parseNetavarkOutput('', err)?.message, "Found argument '--bogus' which wasn't expected");
  assert.equal(parseNetavarkOutput('', 'thread main panicked\nsomething broke\n')?.message, 'something broke');
  assert.equal(parseNetavarkOutput('', 'failed to connect to syslog: Initialization'), undefined);
});
