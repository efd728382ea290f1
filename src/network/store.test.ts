/** The network store: whole records only, torn writes swept at init, foreign files left alone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkStore } from './store.js';
import type { Network } from './network.js';

const net = (id: string, name: string): Network => ({
  Name: name, Id: id, Created: '2026-12-02T04:45:56.535091199Z', Scope: 'local', Driver: 'bridge', EnableIPv4: true, EnableIPv6: false,
  IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: '10.5.0.0/16', Gateway: '10.5.0.1' }] }, Internal: false, Attachable: false,
  Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: {},
});

test('put, reload, remove; temp files swept, unreadable records skipped', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wharf-netstore-'));
  try {
    const s = new NetworkStore(root);
    await s.init();
    await s.put(net('a'.repeat(64), 'one'));
    await s.put(net('b'.repeat(64), 'two'));
    await s.remove('b'.repeat(64));
    await writeFile(join(root, `.tmp-${'c'.repeat(64)}.json-1`), '{"Na');
    await writeFile(join(root, `${'d'.repeat(64)}.json`), '{"Na');
    const again = new NetworkStore(root);
    await again.init();
    assert.deepEqual(again.list().map((n) => n.Name), ['one']);
    assert.deepEqual(again.get('a'.repeat(64)), net('a'.repeat(64), 'one'));
    assert.deepEqual((await readdir(root)).sort(), [`${'a'.repeat(64)}.json`, `${'d'.repeat(64)}.json`]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
