import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventWindow, inReplay, replays } from './window.js';
import type { EngineEvent } from './journal.js';

const at = (timeNano: bigint): EngineEvent => ({ Type: 'image', Action: 'tag', Actor: { ID: 'x', Attributes: {} }, scope: 'local', time: 0, timeNano });

test('since and until in the API form, with dockerd\'s messages (as the oracle answered)', () => {
  assert.deepEqual(eventWindow('1700000000.5', '1700000001'), { since: 1_700_000_000_500_000_000n, until: 1_700_000_001_000_000_000n });
  assert.deepEqual(eventWindow(undefined, undefined), { since: undefined, until: undefined });
  assert.deepEqual(eventWindow('', ''), { since: undefined, until: undefined });
  assert.throws(() => eventWindow('abc'), { code: 'INVALID_ARGUMENT', message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
  assert.throws(() => eventWindow(undefined, '1h'), { message: 'strconv.ParseInt: parsing "1h": invalid syntax' });
  assert.throws(() => eventWindow('2000000000', '1000'), { message: '`since` time (2000000000) cannot be after `until` time (1000)' });
  assert.deepEqual(eventWindow('-5', '1'), { since: -5_000_000_000n, until: 1_000_000_000n });
});

test('the replay is inclusive at both ends; until=0 bounds nothing (dockerd)', () => {
  const w = eventWindow('10', '20');
  assert.equal(replays(w), true);
  assert.deepEqual([9_999_999_999n, 10_000_000_000n, 20_000_000_000n, 20_000_000_001n].map((t) => inReplay(w, at(t))), [false, true, true, false]);
  assert.equal(inReplay(eventWindow(undefined, '0'), at(5n * 10n ** 18n)), true);
  assert.equal(replays(eventWindow()), false);
});
