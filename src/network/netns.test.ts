import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNamedNetns, createNetns, namedNetnsPath, NetnsError, removeNetns } from './netns.js';

function links(path: string): string {
  return execFileSync('nsenter', [`--net=${path}`, '--', 'ip', '-o', 'link'], { timeout: 5000 }).toString();
}

test('an unnamed namespace at a path: its own lo only, refused twice, gone after remove', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-netns-unit-'));
  try {
    const ns = await createNetns(join(dir, 'sub', 'ns1'));
    assert.match(links(ns), /^1: lo:/);
    assert.equal(links(ns).trim().split('\n').length, 1);
    await assert.rejects(createNetns(ns), (e) => e instanceof NetnsError && /already exists/.test(e.message));
    await removeNetns(ns);
    assert.equal(existsSync(ns), false);
    await removeNetns(ns); // gone already: fine
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a named namespace is one `ip netns` lists, until removed', async () => {
  // The prefix is one test/network/sandbox.ts leaves out of its host snapshot, as these run side by side.
  const name = `wharf-netns-unit-${process.pid}`;
  const ns = await createNamedNetns(name);
  try {
    assert.equal(ns, `/run/netns/${name}`);
    assert.match(execFileSync('ip', ['netns', 'list'], { timeout: 5000 }).toString(), new RegExp(`^${name}\\b`, 'm'));
  } finally {
    await removeNetns(ns);
  }
  assert.doesNotMatch(execFileSync('ip', ['netns', 'list'], { timeout: 5000 }).toString(), new RegExp(name));
});

test('names that are not plain file names are refused', () => {
  assert.throws(() => namedNetnsPath('../etc'), NetnsError);
  assert.throws(() => namedNetnsPath(''), NetnsError);
});
