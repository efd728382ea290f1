/**
 * `--cgroupns`, `--security-opt systempaths=unconfined` and `label=…`, `--runtime`, `--userns` and the
 * CPU real-time flags through the real docker CLI on real runc, with the answers and messages of
 * Docker 20.10 (the oracle) on this cgroup v1 host.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
before(async () => {
  d = await startDaemon();
  await d.importBusybox();
});
after(async () => { await d.cleanup(); });

const noContainers = async () => assert.equal((await d.docker(['ps', '-aq'])).stdout, '');
const created = async (...args: string[]): Promise<string> => {
  const c = await d.docker(['create', ...args, 'busybox', 'true']);
  assert.equal(c.code, 0, c.stderr);
  return c.stdout.trim();
};
const inspect = async (id: string, format: string) => (await d.docker(['inspect', '-f', format, id])).stdout.trim();

test('--cgroupns private roots /proc/self/cgroup at the container\'s cgroup; host (the v1 default) shows the host\'s paths', async () => {
  const priv = await d.docker(['run', '--rm', '--cgroupns', 'private', 'busybox', 'cat', '/proc/self/cgroup']);
  assert.equal(priv.code, 0, priv.stderr);
  const lines = priv.stdout.trim().split('\n');
  assert.ok(lines.length > 1 && lines.every((l) => l.endsWith(':/')), priv.stdout);
  for (const flags of [['--cgroupns', 'host'], []]) {
    const id = (await d.docker(['run', '-d', ...flags, 'busybox', 'sh', '-c', 'cat /proc/self/cgroup'])).stdout.trim();
    await d.docker(['wait', id]);
    const out = (await d.docker(['logs', id])).stdout;
    assert.match(out, new RegExp(`pids:/.*${id}\n`), out);
    assert.equal(await inspect(id, '{{.HostConfig.CgroupnsMode}}'), 'host');
    await d.docker(['rm', id]);
  }
  const p = await created('--cgroupns', 'private');
  assert.equal(await inspect(p, '{{.HostConfig.CgroupnsMode}}'), 'private');
  await d.docker(['rm', p]);
  const bad = await d.docker(['run', '--rm', '--cgroupns', 'bogus', 'busybox', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^docker: --cgroupns: invalid CGROUP mode\n/);
  const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { CgroupnsMode: 'bogus' } });
  assert.deepEqual([api.status, api.json().message], [400, 'invalid cgroup namespace mode: bogus']);
  await noContainers();
});
