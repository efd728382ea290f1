/** Restart policy rules as tables: validation (Docker 20.10's answers), the decision at an exit, the back-off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RestartPolicy } from '../record.js';
import { InvalidArgumentError } from '../../errors.js';
import { nextBackoff, policyRestarts, validateRestartPolicy } from './policy.js';

const P = (Name: string, MaximumRetryCount = 0) => ({ Name, MaximumRetryCount }) as RestartPolicy;

test('validation: Docker\'s messages, in its order', () => {
  const refused: Array<[object, string]> = [
    [{ RestartPolicy: P('always', 3) }, "maximum retry count cannot be used with restart policy 'always'"],
    [{ RestartPolicy: P('always', -1) }, "maximum retry count cannot be used with restart policy 'always'"],
    [{ RestartPolicy: P('unless-stopped', 1) }, "maximum retry count cannot be used with restart policy 'unless-stopped'"],
    [{ RestartPolicy: P('no', 1) }, "maximum retry count cannot be used with restart policy 'no'"],
    [{ RestartPolicy: P('on-failure', -1) }, 'maximum retry count cannot be negative'],
    [{ RestartPolicy: P('bogus') }, "invalid restart policy 'bogus'"],
    [{ AutoRemove: true, RestartPolicy: P('bogus') }, "can't create 'AutoRemove' container with restart policy"],
    [{ AutoRemove: true, RestartPolicy: P('on-failure', 2) }, "can't create 'AutoRemove' container with restart policy"],
  ];
  for (const [h, message] of refused) {
    assert.throws(() => validateRestartPolicy(h), (e: unknown) => e instanceof InvalidArgumentError && e.message === message, JSON.stringify(h));
  }
  for (const h of [{}, { RestartPolicy: P('') }, { RestartPolicy: P('', 3) }, { AutoRemove: true, RestartPolicy: P('no') },
    { AutoRemove: true, RestartPolicy: P('', 2) }, { RestartPolicy: P('on-failure', 5) }, { RestartPolicy: P('unless-stopped') }]) {
    assert.doesNotThrow(() => validateRestartPolicy(h), JSON.stringify(h));
  }
});

test('decision at an exit: always, unless-stopped unless stopped by the user, on-failure on failure within its count', () => {
  const rows: Array<[RestartPolicy | undefined, number, boolean, number, boolean]> = [
    // policy, exit code, stopped by the user, restarts so far → restarts
    [undefined, 1, false, 0, false],
    [P(''), 1, false, 0, false],
    [P('no'), 1, false, 0, false],
    [P('always'), 0, false, 0, true],
    [P('always'), 137, true, 50, true],
    [P('unless-stopped'), 0, false, 9, true],
    [P('unless-stopped'), 0, true, 0, false],
    [P('on-failure'), 0, false, 0, false],
    [P('on-failure'), 1, false, 1000, true],
    [P('on-failure', 3), 3, false, 2, true],
    [P('on-failure', 3), 3, false, 3, false],
    [P('on-failure', 3), 137, true, 0, true], // Docker's restore starts these too (moby#35166)
  ];
  for (const [p, exitCode, manuallyStopped, restartCount, want] of rows) {
    assert.equal(policyRestarts(p, { exitCode, manuallyStopped, restartCount }), want, JSON.stringify({ p, exitCode, manuallyStopped, restartCount }));
  }
});

test('back-off: 100 ms, doubled each time up to a minute, back to 100 ms after a run of 10 s', () => {
  const seq: number[] = [];
  let b = 0;
  for (let i = 0; i < 12; i++) seq.push((b = nextBackoff(b, 50)));
  assert.deepEqual(seq, [100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000]);
  assert.equal(nextBackoff(60_000, 9_999), 60_000);
  assert.equal(nextBackoff(60_000, 10_000), 100);
  assert.equal(nextBackoff(0, 20_000), 100);
});
