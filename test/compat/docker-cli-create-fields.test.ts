/**
 * What a create asks for is applied or refused, never stored and ignored: through the real docker
 * CLI, flags Wharf does not implement yet fail with a clear error and leave no container; the
 * ones it applies show inside the container. GroupAdd and StorageOpt answer as Docker does
 * (asked of Docker 20.10: /work/oracle/answers.md §5, §6). `info` reports the host as it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const noContainers = async () => assert.equal((await d.docker(['ps', '-aq'])).stdout, '');

const REFUSED: Array<[string[], RegExp]> = [
  [['--network', 'name=bridge,driver-opt=k=v'], /network endpoint driver options for bridge \(--network driver-opt\) are not supported by Wharf yet/],
];

for (const [flags, message] of REFUSED) {
  test(`run ${flags.join(' ')} is refused with a clear error and leaves nothing`, async () => {
    const r = await d.docker(['run', ...flags, 'busybox', 'true']);
    assert.equal(r.code, 125, r.stderr);
    assert.match(r.stderr, /^docker: Error response from daemon: /);
    assert.match(r.stderr, message);
    await noContainers();
  });
}

test('the fields the docker CLI always sends, zero-valued, are not refused (plain run, -it, --network none)', async () => {
  assert.equal((await d.docker(['run', '--rm', 'busybox', 'true'])).code, 0);
  assert.equal((await d.docker(['run', '--rm', '--network', 'none', 'busybox', 'true'])).code, 0);
  const c = await d.docker(['create', '-it', 'busybox', 'sh']);
  assert.equal(c.code, 0, c.stderr);
  await d.docker(['rm', c.stdout.trim()]);
});

test('--group-add adds groups by number and by name from the image; an unknown name fails the start as in Docker', async () => {
  assert.equal((await d.docker(['run', '--rm', '--group-add', '1234', 'busybox', 'id'])).stdout, 'uid=0(root) gid=0(root) groups=0(root),1234\n');
  assert.equal((await d.docker(['run', '--rm', '--group-add', 'root', '--group-add', '65534', 'busybox', 'id'])).stdout, 'uid=0(root) gid=0(root) groups=0(root),65534(nogroup)\n');
  assert.equal((await d.docker(['run', '--rm', '-u', '65534', '--group-add', '1234', 'busybox', 'id'])).stdout, 'uid=65534(nobody) gid=65534(nogroup) groups=1234,65534(nogroup)\n');
  const bad = await d.docker(['run', '--rm', '--group-add', 'nosuchgroup', 'busybox', 'id']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /^docker: Error response from daemon: Unable to find group nosuchgroup: no matching entries in group file\n/);
  const { Id } = (await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', Cmd: ['id'], HostConfig: { GroupAdd: ['nosuchgroup'] } })).json();
  const start = await d.api('POST', `/v1.50/containers/${Id}/start`);
  assert.deepEqual([start.status, start.json().message], [500, 'Unable to find group nosuchgroup: no matching entries in group file']);
  const state = (await d.api('GET', `/v1.50/containers/${Id}/json`)).json();
  assert.deepEqual([state.State.Status, state.State.ExitCode, state.HostConfig.GroupAdd], ['created', 128, ['nosuchgroup']]);
  await d.api('DELETE', `/v1.50/containers/${Id}`);
});

test('--storage-opt is refused at create with Docker\'s message (overlay without project quotas)', async () => {
  const r = await d.docker(['run', '--rm', '--storage-opt', 'size=1G', 'busybox', 'true']);
  assert.equal(r.code, 125);
  assert.match(r.stderr, /^docker: Error response from daemon: --storage-opt is supported only for overlay over xfs with 'pquota' mount option\n/);
  const api = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { StorageOpt: { foo: 'bar' } } });
  assert.deepEqual([api.status, api.json().message], [500, 'Unknown option foo']);
  await noContainers();
});

test('KernelMemory: refused from API 1.41 clients (runc 1.1 would leave it unset), dropped from 1.42 on as moby drops it', async () => {
  const old = await d.api('POST', '/v1.41/containers/create', { Image: 'busybox', HostConfig: { KernelMemory: 64 * 1024 * 1024 } });
  assert.equal(old.status, 501);
  assert.match(old.json().message, /kernel memory limits \(--kernel-memory\) \(HostConfig\.KernelMemory\) is not supported by Wharf yet/);
  await noContainers();
  const now = await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', HostConfig: { KernelMemory: 64 * 1024 * 1024 } });
  assert.equal(now.status, 201, now.body);
  assert.equal((await d.api('GET', `/v1.50/containers/${now.json().Id}/json`)).json().HostConfig.KernelMemory, undefined);
  await d.api('DELETE', `/v1.50/containers/${now.json().Id}`);
  await noContainers();
});

test('--shm-size, --domainname and no-new-privileges are applied', async () => {
  const shm = await d.docker(['run', '--rm', '--shm-size', '32m', 'busybox', 'sh', '-c', "df -k /dev/shm | tail -1 | awk '{print $2}'"]);
  assert.equal(shm.stdout.trim(), '32768');
  assert.equal((await d.docker(['run', '--rm', '--domainname', 'example.org', 'busybox', 'cat', '/proc/sys/kernel/domainname'])).stdout, 'example.org\n');
  const nnp = await d.docker(['run', '--rm', '--security-opt', 'no-new-privileges', 'busybox', 'grep', 'NoNewPrivs', '/proc/self/status']);
  assert.match(nnp.stdout, /NoNewPrivs:\s+1/);
  const inspect = await d.docker(['run', '-d', 'busybox', 'true']);
  assert.equal((await d.docker(['inspect', '-f', '{{.HostConfig.ShmSize}}', inspect.stdout.trim()])).stdout, '67108864\n', 'the default is stored as Docker stores it');
  await d.docker(['rm', '-f', inspect.stdout.trim()]);
});

test('info reports the host: the data-root\'s filesystem, the cgroup version and driver, the log driver', async () => {
  const fs = execFileSync('stat', ['-f', '-c', '%T', d.dataRoot], { encoding: 'utf8' }).trim();
  const cg = execFileSync('stat', ['-f', '-c', '%T', '/sys/fs/cgroup'], { encoding: 'utf8' }).trim();
  const info = JSON.parse((await d.docker(['info', '--format', '{{json .}}'])).stdout);
  const backing = info.DriverStatus.find((row: string[]) => row[0] === 'Backing Filesystem')?.[1];
  assert.equal(backing, { 'ext2/ext3': 'extfs', xfs: 'xfs', btrfs: 'btrfs', tmpfs: 'tmpfs' }[fs] ?? 'unknown');
  assert.equal(info.CgroupVersion, cg === 'cgroup2fs' ? '2' : '1');
  assert.equal(info.CgroupDriver, 'cgroupfs');
  assert.equal(info.LoggingDriver, 'json-file');
  assert.deepEqual(info.Plugins.Log, ['json-file', 'local']);
});
