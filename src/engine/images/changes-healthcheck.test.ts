import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError } from '../errors.js';
import { applyChanges } from './changes.js';

const S = 1e9;

/** The Healthcheck a `--change 'HEALTHCHECK <text>'` gives. */
const parseHealthcheckChange = (text: string) => applyChanges({}, [`HEALTHCHECK ${text}`]).Healthcheck;

test('HEALTHCHECK changes give Docker\'s image healthcheck (asked of Docker 20.10 through commit --change)', () => {
  const cases: Array<[string, object]> = [
    ['--interval=1s --timeout=2s --start-period=3s --retries=4 CMD ["true","x"]', { Test: ['CMD', 'true', 'x'], Interval: S, Timeout: 2 * S, StartPeriod: 3 * S, Retries: 4 }],
    ['CMD echo hi', { Test: ['CMD-SHELL', 'echo hi'] }],
    ['cmd true', { Test: ['CMD-SHELL', 'true'] }],
    ['NONE', { Test: ['NONE'] }],
    ['--interval= CMD true', { Test: ['CMD-SHELL', 'true'] }],
    ['CMD  echo  "a  b" ', { Test: ['CMD-SHELL', 'echo  "a  b"'] }],
    ['-- CMD true', { Test: ['CMD-SHELL', 'true'] }],
    ['--start-interval=500ms CMD true', { Test: ['CMD-SHELL', 'true'], StartInterval: 500e6 }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseHealthcheckChange(text), want, text);
});

test('bad HEALTHCHECK changes fail with Docker\'s messages', () => {
  const cases: Array<[string, string]> = [
    ['', 'HEALTHCHECK requires at least one argument'],
    ['--interval 1s CMD true', 'Missing a value on flag: interval'],
    ['NONE x', 'HEALTHCHECK NONE takes no arguments'],
    ['CMD', 'Missing command after HEALTHCHECK CMD'],
    ['CMD []', 'Missing command after HEALTHCHECK CMD'],
    ['--retries=-1 CMD true', '--retries must be at least 1 (not -1)'],
    ['--retries=0 CMD true', '--retries must be at least 1 (not 0)'],
    ['--retries=x CMD true', 'strconv.ParseInt: parsing "x": invalid syntax'],
    ['--retries=0x1 CMD true', 'strconv.ParseInt: parsing "0x1": invalid syntax'],
    ['--retries=99999999999 CMD true', 'strconv.ParseInt: parsing "99999999999": value out of range'],
    ['--interval=100us CMD true', 'Interval "interval" cannot be less than 1ms'],
    ['--timeout=-1s CMD true', 'Interval "timeout" cannot be less than 1ms'],
    ['--interval=0s --retries=0 CMD ["a b"]', 'Interval "interval" cannot be less than 1ms'],
    ['--timeout=1s --interval=bad CMD true', 'time: invalid duration "bad"'],
    ['--interval=1s --interval=2s CMD true', 'Duplicate flag specified: interval'],
    ['--INTERVAL=1s CMD true', 'Unknown flag: INTERVAL'],
    ['--foo=1 CMD true', 'Unknown flag: foo'],
    ['FOO', 'Unknown type "FOO" in HEALTHCHECK (try CMD)'],
    ['-interval=1s CMD true', 'Unknown type "-INTERVAL=1S" in HEALTHCHECK (try CMD)'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseHealthcheckChange(text), (e: unknown) => e instanceof EngineError && e.code === 'INVALID_ARGUMENT' && e.message === message, text);
  }
});

test('HEALTHCHECK is a change command; the last one wins', () => {
  const c = applyChanges({ Cmd: ['sh'] }, ['HEALTHCHECK CMD false', 'HEALTHCHECK --retries=2 CMD ["true"]']);
  assert.deepEqual(c, { Cmd: ['sh'], Healthcheck: { Test: ['CMD', 'true'], Retries: 2 } });
  assert.throws(() => applyChanges({}, ['HEALTHCHECK']), { message: 'HEALTHCHECK requires at least one argument' });
});
