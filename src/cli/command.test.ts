import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { executeCommand, type CommandSpec } from './command.js';
import { CliContext } from './context.js';
import { FlagUsageError, StatusError } from './errors.js';

function ctx(): { c: CliContext; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d) => (text += d));
  const io = { stdin: process.stdin, stdout: stdout as unknown as NodeJS.WriteStream, stderr: stdout as unknown as NodeJS.WriteStream };
  return { c: new CliContext({ io, global: { host: 'unix:///x', hostExplicit: true, debug: false, logLevel: 'info' }, env: {} }), out: () => text };
}

const spec = (args: CommandSpec['args']): CommandSpec => ({
  name: 'logs', use: 'logs [OPTIONS] CONTAINER', short: 'Fetch the logs of a container', flags: [], args, run: async () => 0,
});

const argCases: Array<[CommandSpec['args'], number, string]> = [
  [{ kind: 'exact', n: 1 }, 0, "wharf: 'wharf logs' requires 1 argument\n\nUsage:  wharf logs [OPTIONS] CONTAINER\n\nRun 'wharf logs --help' for more information"],
  [{ kind: 'min', n: 1 }, 0, "wharf: 'wharf logs' requires at least 1 argument\n\nUsage:  wharf logs [OPTIONS] CONTAINER\n\nSee 'wharf logs --help' for more information"],
  [{ kind: 'range', min: 1, max: 2 }, 3, "wharf: 'wharf logs' requires at least 1 and at most 2 arguments\n\nUsage:  wharf logs [OPTIONS] CONTAINER\n\nRun 'wharf logs --help' for more information"],
  [{ kind: 'range', min: 1, max: 2 }, 0, "wharf: 'wharf logs' requires at least 1 and at most 2 arguments\n\nUsage:  wharf logs [OPTIONS] CONTAINER\n\nRun 'wharf logs --help' for more information"],
  [{ kind: 'none' }, 1, "wharf: 'wharf logs' accepts no arguments\n\nUsage:  wharf logs [OPTIONS] CONTAINER\n\nRun 'wharf logs --help' for more information"],
];
for (const [rule, n, want] of argCases) {
  test(`argument check ${rule.kind} with ${n} args`, async () => {
    await assert.rejects(executeCommand(ctx().c, spec(rule), Array(n).fill('x')), (e: unknown) => e instanceof StatusError && e.status === 1 && e.message === want);
  });
}

test('unknown flags are usage errors with exit 125', async () => {
  await assert.rejects(executeCommand(ctx().c, spec({ kind: 'none' }), ['--bogus']), (e: unknown) =>
    e instanceof FlagUsageError && e.status === 125
    && e.message === "unknown flag: --bogus\n\nUsage:  wharf logs [OPTIONS] CONTAINER\n\nRun 'wharf logs --help' for more information");
});

test('--help and -h print help and succeed', async () => {
  const { c, out } = ctx();
  assert.equal(await executeCommand(c, spec({ kind: 'exact', n: 1 }), ['-h']), 0);
  assert.match(out(), /^Usage: {2}wharf logs \[OPTIONS\] CONTAINER\n\nFetch the logs of a container\n/);
});
