/**
 * `--cgroupns`, `--security-opt systempaths=unconfined` and `label=…`, `--runtime`, `--userns` and the
 * CPU real-time flags through the real docker CLI on real runc, with the answers and messages of
 * Docker 20.10 (the oracle) on this cgroup v1 host.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

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

/** Mount points under /proc and /sys/firmware: where the masked and read-only paths are mounted. */
const SYSTEM_PATHS = "awk '{print $2}' /proc/self/mounts | grep -E '^/proc/|^/sys/firmware' || true";

test('--security-opt systempaths=unconfined leaves /proc unmasked; MaskedPaths/ReadonlyPaths given through the API replace the defaults', async () => {
  const def = (await d.docker(['run', '--rm', 'busybox', 'sh', '-c', SYSTEM_PATHS])).stdout.split('\n');
  assert.ok(def.includes('/proc/keys') && def.includes('/proc/sys') && def.includes('/sys/firmware'), def.join(' '));
  const open = await d.docker(['run', '--rm', '--security-opt', 'systempaths=unconfined', 'busybox', 'sh', '-c', SYSTEM_PATHS]);
  assert.deepEqual([open.code, open.stdout], [0, ''], open.stderr);
  const c = await created('--security-opt', 'systempaths=unconfined');
  assert.equal(await inspect(c, '{{json .HostConfig.SecurityOpt}} {{json .HostConfig.MaskedPaths}} {{json .HostConfig.ReadonlyPaths}}'), '[] [] []');
  await d.docker(['rm', c]);
  const { Id } = (await d.api('POST', '/v1.50/containers/create', {
    Image: 'busybox', Cmd: ['sh', '-c', SYSTEM_PATHS], HostConfig: { MaskedPaths: ['/proc/keys'], ReadonlyPaths: ['/proc/bus'] },
  })).json();
  await d.docker(['start', '-a', Id]);
  assert.equal((await d.docker(['logs', Id])).stdout, '/proc/bus\n/proc/keys\n');
  assert.equal(await inspect(Id, '{{json .HostConfig.MaskedPaths}} {{json .HostConfig.ReadonlyPaths}}'), '["/proc/keys"] ["/proc/bus"]');
  await d.docker(['rm', Id]);
  await noContainers();
});

test('--security-opt label=disable and label:disable are accepted as on a host without SELinux; unknown options get Docker\'s messages', async () => {
  for (const opt of ['label=disable', 'label:disable']) {
    const r = await d.docker(['run', '--rm', '--security-opt', opt, 'busybox', 'true']);
    assert.deepEqual([r.code, r.stderr], [0, '']);
  }
  const c = await created('--security-opt', 'label:disable', '--security-opt', 'systempaths=unconfined');
  assert.equal(await inspect(c, '{{json .HostConfig.SecurityOpt}}'), '["label:disable"]');
  await d.docker(['rm', c]);
  const bad = await d.docker(['run', '--rm', '--security-opt', 'systempaths=bogus', 'busybox', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^docker: Error response from daemon: invalid --security-opt 2: "systempaths=bogus"\n/);
  for (const [opt, msg] of [['bogus', 'invalid --security-opt 1: "bogus"'], ['systempaths=unconfined', 'invalid --security-opt 2: "systempaths=unconfined"'],
    ['no-new-privileges=maybe', 'invalid --security-opt 2: "no-new-privileges=maybe"']]) {
    const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { SecurityOpt: [opt] } });
    assert.deepEqual([api.status, api.json().message], [500, msg]);
  }
  await noContainers();
});

test('--runtime runc and io.containerd.runc.v2 run on runc and are stored; the default is stored as runc; an unknown one is refused', async () => {
  for (const name of ['runc', 'io.containerd.runc.v2']) {
    const id = (await d.docker(['run', '-d', '--runtime', name, 'busybox', 'echo', 'ran'])).stdout.trim();
    assert.equal((await d.docker(['wait', id])).stdout, '0\n');
    assert.equal((await d.docker(['logs', id])).stdout, 'ran\n');
    assert.equal(await inspect(id, '{{.HostConfig.Runtime}}'), name);
    await d.docker(['rm', id]);
  }
  const c = await created();
  assert.equal(await inspect(c, '{{.HostConfig.Runtime}}'), 'runc');
  await d.docker(['rm', c]);
  assert.match((await d.docker(['info', '--format', '{{json .Runtimes}}'])).stdout, /"io\.containerd\.runc\.v2".*"runc"/);
  const bad = await d.docker(['run', '--rm', '--runtime', 'crun', 'busybox', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^docker: Error response from daemon: Unknown runtime specified crun\n/);
  const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { Runtime: 'bogus' } });
  assert.deepEqual([api.status, api.json().message], [400, 'Unknown runtime specified bogus']);
  await noContainers();
});

test('--userns host runs without a user namespace (as the default) and is stored; the docker CLI refuses other modes', async () => {
  const r = await d.docker(['run', '--rm', '--userns', 'host', 'busybox', 'cat', '/proc/self/uid_map']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\s+0\s+0\s+4294967295\n$/);
  const c = await created('--userns', 'host');
  assert.equal(await inspect(c, '{{.HostConfig.UsernsMode}}'), 'host');
  await d.docker(['rm', c]);
  const bad = await d.docker(['run', '--rm', '--userns', 'private', 'busybox', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^docker: --userns: invalid USER mode\n/);
  // Docker 20.10 without userns-remap takes other modes through the API and makes no user namespace; Wharf says it has none.
  const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { UsernsMode: 'private' } });
  assert.deepEqual([api.status, api.json().message], [501, 'user namespaces (--userns) (HostConfig.UsernsMode) is not supported by Wharf yet']);
  await noContainers();
});

test('--cpu-rt-period reaches the container\'s cpu cgroup; runtime above the period is refused; a runtime the parent cannot give fails the start, as in Docker', async () => {
  const r = await d.docker(['run', '--rm', '--cpu-rt-period', '900000', 'busybox', 'cat', '/sys/fs/cgroup/cpu/cpu.rt_period_us', '/sys/fs/cgroup/cpu/cpu.rt_runtime_us']);
  assert.deepEqual([r.code, r.stdout], [0, '900000\n0\n'], r.stderr);
  const c = await created('--cpu-rt-period', '900000', '--cpu-rt-runtime', '0');
  assert.equal(await inspect(c, '{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}'), '900000 0');
  await d.docker(['rm', c]);
  const high = await d.docker(['run', '--rm', '--cpu-rt-period', '1000', '--cpu-rt-runtime', '2000', 'busybox', 'true']);
  assert.equal(high.code, 125);
  assert.match(high.stderr, /^docker: Error response from daemon: cpu real-time runtime cannot be higher than cpu real-time period\n/);
  const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { CpuRealtimePeriod: 1000, CpuRealtimeRuntime: 2000 } });
  assert.deepEqual([api.status, api.json().message], [500, 'cpu real-time runtime cannot be higher than cpu real-time period']);
  // The daemon's cgroup has no real-time budget to hand out (Docker's default too): runc cannot write the runtime.
  const noBudget = await d.docker(['run', '--rm', '--cpu-rt-runtime', '1000', 'busybox', 'true']);
  assert.equal(noBudget.code, 125);
  assert.match(noBudget.stderr, /^docker: Error response from daemon: .*cpu\.rt_runtime_us: invalid argument/);
  await d.docker(['container', 'prune', '-f']);
  await noContainers();
});
