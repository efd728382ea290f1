import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNanoCpus, parseRestartPolicy, parseSwapBytes, parseUint16 } from './resource-flags.js';
import { naturalLess, parseUint16Port } from './port-text.js';

test('--cpus is a rational number of CPUs, as docker parses it', () => {
  assert.equal(parseNanoCpus('1.5'), 1_500_000_000);
  assert.equal(parseNanoCpus('3/2'), 1_500_000_000);
  assert.equal(parseNanoCpus('.5'), 500_000_000);
  assert.equal(parseNanoCpus('2e-1'), 200_000_000);
  assert.throws(() => parseNanoCpus('abc'), { message: 'failed to parse abc as a rational number' });
  assert.throws(() => parseNanoCpus('0.0000000001'), { message: 'value is too precise' });
});

test('uint16 and swap values fail with Go\'s and docker\'s words', () => {
  assert.equal(parseUint16('300'), 300);
  assert.throws(() => parseUint16('70000'), { message: 'strconv.ParseUint: parsing "70000": value out of range' });
  assert.throws(() => parseUint16('-1'), { message: 'strconv.ParseUint: parsing "-1": invalid syntax' });
  assert.equal(parseSwapBytes('-1'), -1);
  assert.equal(parseSwapBytes('128m'), 128 << 20);
});

test('restart policies parse as docker 28 parses them', () => {
  assert.deepEqual(parseRestartPolicy(''), { Name: '', MaximumRetryCount: 0 });
  assert.deepEqual(parseRestartPolicy('on-failure:3'), { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.deepEqual(parseRestartPolicy('on-failure:-1'), { Name: 'on-failure', MaximumRetryCount: -1 }, 'the daemon refuses it');
  assert.throws(() => parseRestartPolicy('bogus:1:2'), { message: 'invalid restart policy format: maximum retry count must be an integer' });
  assert.throws(() => parseRestartPolicy(':1'), { message: 'invalid restart policy format: no policy provided before colon' });
});

test('ports: the 16-bit parse of docker port, and natural order', () => {
  assert.equal(parseUint16Port('80'), 80);
  assert.throws(() => parseUint16Port('abc'), { message: 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax' });
  assert.throws(() => parseUint16Port('99999'), { message: 'Error: invalid port (99999): strconv.ParseUint: parsing "99999": value out of range' });
  const sorted = ['9000/tcp -> 0.0.0.0:1', '80/tcp -> 0.0.0.0:2', '443/tcp -> 0.0.0.0:3'].sort((a, b) => (naturalLess(a, b) ? -1 : 1));
  assert.deepEqual(sorted, ['80/tcp -> 0.0.0.0:2', '443/tcp -> 0.0.0.0:3', '9000/tcp -> 0.0.0.0:1']);
});
