import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventFilter } from './filter.js';
import type { EngineEvent, EventType } from './journal.js';

const CID = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';
const IID = 'sha256:4853cba6d98213d4819c8043fe9a744070264c8592a36cc3cebd0e3d0fefef5d';

function ev(type: EventType, action: string, id: string, attrs: Record<string, string>): EngineEvent {
  return { Type: type, Action: action, Actor: { ID: id, Attributes: attrs }, scope: 'local', time: 1, timeNano: 1_000_000_000n };
}

const start = ev('container', 'start', CID, { image: 'busybox:latest', name: 'web', tier: 'front' });
const execStart = ev('container', 'exec_start: sh -c true', CID, { image: 'busybox', name: 'web', execID: 'e1' });
const health = ev('container', 'health_status: healthy', CID, { image: 'busybox', name: 'web' });
const tag = ev('image', 'tag', IID, { name: 'docker.io/library/app:v1' });
const untag = ev('image', 'untag', IID, { name: IID });
const connect = ev('network', 'connect', 'n0123', { container: CID, name: 'bridge', type: 'bridge' });

/** [filters, events that pass] — Docker's daemon/events/filter.go rules. */
const CASES: Array<[Record<string, string[]>, EngineEvent[]]> = [
  [{}, [start, execStart, health, tag, untag, connect]],
  [{ type: ['image'] }, [tag, untag]],
  [{ type: ['image', 'network'] }, [tag, untag, connect]],
  [{ scope: ['swarm'] }, []],
  [{ scope: ['local'] }, [start, execStart, health, tag, untag, connect]],
  [{ event: ['start'] }, [start]],
  [{ event: ['exec_start'] }, [execStart]], // a suffixed action matches by prefix
  [{ event: ['health_status'] }, [health]],
  [{ event: ['health_status', 'tag'] }, [health, tag]],
  [{ event: ['exec_start: sh -c true'] }, [execStart]],
  [{ event: ['exec'] }, []], // not a prefix match without a suffixed action named
  [{ container: ['web'] }, [start, execStart, health]],
  [{ container: ['we'] }, [start, execStart, health]], // name prefix
  [{ container: [CID.slice(0, 12)] }, [start, execStart, health]], // ID prefix
  [{ container: ['db'] }, []],
  [{ container: ['db', 'web'] }, [start, execStart, health]],
  [{ network: ['bridge'] }, [connect]],
  [{ network: ['n01'] }, [connect]],
  [{ image: ['busybox'] }, [start, execStart, health]], // the repository matches `busybox:latest`
  [{ image: ['busybox:latest'] }, [start]], // a tag matches only that tag
  [{ image: ['app'] }, [tag]],
  [{ image: ['docker.io/library/app:v1'] }, [tag]],
  [{ image: [IID] }, [tag, untag]],
  [{ label: ['tier'] }, [start]],
  [{ label: ['tier=front'] }, [start]],
  [{ label: ['tier=back'] }, []],
  [{ label: ['tier', 'name=web'] }, [start]], // every label must match
  [{ type: ['container'], event: ['start', 'die'], container: ['web'] }, [start]],
  [{ volume: ['v'] }, []],
  [{ daemon: ['d'], plugin: ['p'], node: ['n'], service: ['s'], secret: ['x'], config: ['c'] }, []],
];

test('events pass the filters as dockerd decides', () => {
  const all = [start, execStart, health, tag, untag, connect];
  for (const [f, want] of CASES) {
    const filter = new EventFilter(new Map(Object.entries(f)));
    assert.deepEqual(all.filter((e) => filter.includes(e)), want, JSON.stringify(f));
  }
});

test('unknown filter keys are refused', () => {
  assert.throws(() => new EventFilter(new Map([['foo', ['x']]])), { code: 'INVALID_ARGUMENT', message: "invalid filter 'foo'" });
  assert.throws(() => new EventFilter(new Map([['until', ['1']]])), { message: "invalid filter 'until'" });
});
