import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineError } from '../../errors.js';
import { mergeHealthcheck, probePlan, validateHealthcheck } from './config.js';

const S = 1e9;
const MS = 1e6;

// Asked of Docker 20.10 (POST /containers/create): status and message of each.
const REFUSED: Array<[unknown, 'INVALID_ARGUMENT' | 'INTERNAL', string]> = [
  [{ Test: ['CMD', 'true'], Interval: -1 }, 'INVALID_ARGUMENT', 'Interval in Healthcheck cannot be less than 1ms'],
  [{ Interval: 500_000 }, 'INVALID_ARGUMENT', 'Interval in Healthcheck cannot be less than 1ms'],
  [{ Timeout: -5 }, 'INVALID_ARGUMENT', 'Timeout in Healthcheck cannot be less than 1ms'],
  [{ Retries: -1 }, 'INVALID_ARGUMENT', 'Retries in Healthcheck cannot be negative'],
  [{ StartPeriod: -1 }, 'INVALID_ARGUMENT', 'StartPeriod in Healthcheck cannot be less than 1ms'],
  [{ StartInterval: 999_999 }, 'INVALID_ARGUMENT', 'StartInterval in Healthcheck cannot be less than 1ms'],
  [{ Interval: -1, Timeout: -1 }, 'INVALID_ARGUMENT', 'Interval in Healthcheck cannot be less than 1ms'],
  ['x', 'INTERNAL', 'json: cannot unmarshal string into Go struct field ContainerConfigWrapper.Healthcheck of type container.HealthConfig'],
  [{ Test: 'true' }, 'INTERNAL', 'json: cannot unmarshal string into Go struct field HealthConfig.Healthcheck.Test of type []string'],
  [{ Test: [1] }, 'INTERNAL', 'json: cannot unmarshal number into Go struct field HealthConfig.Healthcheck.Test of type string'],
  [{ Interval: '1s' }, 'INTERNAL', 'json: cannot unmarshal string into Go struct field HealthConfig.Healthcheck.Interval of type time.Duration'],
  [{ Interval: 1.5 }, 'INTERNAL', 'json: cannot unmarshal number 1.5 into Go struct field HealthConfig.Healthcheck.Interval of type time.Duration'],
  [{ Retries: '3' }, 'INTERNAL', 'json: cannot unmarshal string into Go struct field HealthConfig.Healthcheck.Retries of type int'],
];

for (const [hc, code, message] of REFUSED) {
  test(`a create with Healthcheck ${JSON.stringify(hc)} is refused: ${message}`, () => {
    assert.throws(() => validateHealthcheck(hc), (e: unknown) => e instanceof EngineError && e.code === code && e.message === message);
  });
}

test('zero, null and 1ms values pass, as in Docker; odd Tests are accepted at create', () => {
  for (const hc of [undefined, null, {}, { Test: null, Interval: null }, { Interval: 0, Timeout: MS, StartPeriod: MS, StartInterval: MS, Retries: 0 },
    { Test: ['FOO', 'x'] }, { Test: [] }, { Test: ['NONE', 'x'] }]) {
    assert.doesNotThrow(() => validateHealthcheck(hc), JSON.stringify(hc));
  }
});

test('merge: a container without a healthcheck takes the image\'s; its zero fields inherit; its Test replaces', () => {
  const image = { Test: ['CMD-SHELL', 'echo hi'], Interval: S, Timeout: 3 * S, Retries: 4 };
  assert.deepEqual(mergeHealthcheck(undefined, image), image);
  assert.deepEqual(mergeHealthcheck(null, image), image);
  assert.deepEqual(mergeHealthcheck({ Test: ['CMD-SHELL', 'echo x'], Interval: 300 * MS }, image),
    { Test: ['CMD-SHELL', 'echo x'], Interval: 300 * MS, Timeout: 3 * S, Retries: 4 });
  assert.deepEqual(mergeHealthcheck({ StartPeriod: 2 * S }, image), { ...image, StartPeriod: 2 * S });
  assert.deepEqual(mergeHealthcheck({ Test: [], StartInterval: S }, image), { ...image, StartInterval: S });
  // --no-healthcheck sends Test NONE alone: the image's durations still fill in, as Docker's merge does.
  assert.deepEqual(mergeHealthcheck({ Test: ['NONE'] }, image), { Test: ['NONE'], Interval: S, Timeout: 3 * S, Retries: 4 });
  assert.equal(mergeHealthcheck(undefined, undefined), undefined);
  assert.deepEqual(mergeHealthcheck({ Interval: S, Timeout: 0 }, undefined), { Interval: S }, 'zero fields are not stored (omitempty)');
  assert.deepEqual(mergeHealthcheck({}, undefined), {});
});

test('merge does not alias the image config', () => {
  const image = { Test: ['CMD', 'true'] };
  const merged = mergeHealthcheck(undefined, image)!;
  merged.Test!.push('x');
  assert.deepEqual(image.Test, ['CMD', 'true']);
});

test('the probe plan: CMD as given, CMD-SHELL through /bin/sh -c or the container\'s shell, Docker\'s defaults', () => {
  assert.deepEqual(probePlan({ Test: ['CMD', 'cat', '/x'] }), {
    cmd: ['cat', '/x'], intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3,
  });
  assert.deepEqual(probePlan({ Test: ['CMD-SHELL', 'echo hi; exit 0'] })?.cmd, ['/bin/sh', '-c', 'echo hi; exit 0']);
  assert.deepEqual(probePlan({ Test: ['CMD-SHELL', 'x'] }, ['/bin/bash', '-xc'])?.cmd, ['/bin/bash', '-xc', 'x']);
  assert.deepEqual(probePlan({ Test: ['CMD-SHELL', 'x'] }, [])?.cmd, ['/bin/sh', '-c', 'x']);
  const p = probePlan({ Test: ['CMD', 'true'], Interval: 200 * MS, Timeout: 1.5 * S, StartPeriod: 2 * S, StartInterval: 100 * MS, Retries: 7 });
  assert.deepEqual(p, { cmd: ['true'], intervalMs: 200, timeoutMs: 1500, startPeriodMs: 2000, startIntervalMs: 100, retries: 7 });
  assert.equal(probePlan({ Test: ['CMD'] })?.cmd.length, 0, 'an empty command is probed (and fails), not skipped');
});

test('nothing is probed without a healthcheck, with an empty Test, NONE, or an unknown type', () => {
  for (const hc of [undefined, {}, { Test: [] }, { Test: ['NONE'] }, { Test: ['FOO', 'true'] }, { Interval: S }]) {
    assert.equal(probePlan(hc), undefined, JSON.stringify(hc));
  }
});
