import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { specJson } from '../../oci/runtime-spec.js';
import { buildSpec, processEnv, type RuntimeContainer } from './builder.js';
import { resolveDevices } from './devices.js';

const record = (over: Partial<RuntimeContainer['HostConfig']> = {}, env: string[] = []): RuntimeContainer => ({
  Id: 'c1', Path: 'sleep', Args: ['1'], Config: { Env: env, Hostname: 'h' }, HostConfig: over,
});
const etc = { hosts: '/h', resolvConf: '/r', hostname: '/n' };
const spec = (r: RuntimeContainer, extra = {}) => buildSpec({ record: r, rootfs: '/x', user: { uid: 0, gid: 0, additionalGids: [], home: '/' }, etc, ...extra });

test('the process environment: Config.Env replaces in place, appends, and a bare NAME unsets', () => {
  assert.deepEqual(processEnv(record({}, ['HOSTNAME=o', 'A=1', 'PATH', 'A=2', 'B'])), ['HOSTNAME=o', 'A=2']);
});

test('--init runs the command under /sbin/docker-init, bind-mounted read-only', () => {
  const s = spec(record(), { init: '/usr/bin/catatonit' });
  assert.deepEqual(s.process.args, ['/sbin/docker-init', '--', 'sleep', '1']);
  assert.deepEqual(s.mounts.find((m) => m.destination === '/sbin/docker-init'), { destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/catatonit', options: ['bind', 'ro'] });
  assert.deepEqual(spec(record()).process.args, ['sleep', '1']);
});

test('sysctls, the OOM killer switch and devices reach the spec', async () => {
  const devices = await resolveDevices([{ PathOnHost: '/dev/null', PathInContainer: '/dev/n', CgroupPermissions: 'rw' }]);
  const s = spec(record({ Sysctls: { 'net.ipv4.ip_forward': '1' }, OomKillDisable: true }), { devices });
  assert.deepEqual(s.linux.sysctl, { 'net.ipv4.ip_forward': '1' });
  assert.equal(s.linux.resources?.memory?.disableOOMKiller, true);
  assert.deepEqual(s.linux.devices?.map((d) => [d.path, d.type, d.major, d.minor, d.fileMode]), [['/dev/n', 'c', 1, 3, 0o666]]);
  assert.deepEqual(s.linux.resources?.devices, [{ allow: false, access: 'rwm' }, { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' }]);
  await assert.rejects(resolveDevices([{ PathOnHost: '/etc/hostname' }]), /^Error: error gathering device information while adding custom device "\/etc\/hostname": not a device node$/);
});

test('an unlimited ulimit is written as RLIM_INFINITY', () => {
  const s = spec(record({ Ulimits: [{ Name: 'core', Soft: -1, Hard: -1 }] }));
  const core = /"type":"RLIMIT_CORE","hard":(\d+),"soft":(\d+)/.exec(specJson(s));
  assert.ok(core, specJson(s));
  const hostHard = /^Max core file size\s+\S+\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
  const want = hostHard === 'unlimited' ? '18446744073709551615' : hostHard;
  assert.deepEqual([core[1], core[2]], [want, want]);
});

test('namespaces: host ones are left out (no hostname with the host\'s UTS), container ones joined by path; IPC brings /dev/shm', () => {
  const host = spec(record({ PidMode: 'host', IpcMode: 'host', UTSMode: 'host' }));
  assert.deepEqual(host.linux.namespaces.map((n) => n.type), ['mount', 'network']);
  assert.equal(host.hostname, '');
  assert.deepEqual(host.mounts.find((m) => m.destination === '/dev/shm'), { destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'rprivate'] });
  const joined = spec(record({ PidMode: 'container:d', IpcMode: 'container:d' }), { join: { pid: '/proc/7/ns/pid', ipc: '/proc/7/ns/ipc', shm: '/c/d/shm' } });
  assert.deepEqual(joined.linux.namespaces.slice(0, 3), [{ type: 'pid', path: '/proc/7/ns/pid' }, { type: 'ipc', path: '/proc/7/ns/ipc' }, { type: 'uts' }]);
  assert.equal(joined.mounts.filter((m) => m.destination === '/dev/shm').length, 1);
  assert.equal(joined.mounts.find((m) => m.destination === '/dev/shm')?.source, '/c/d/shm');
  assert.equal(spec(record({ IpcMode: 'none' })).mounts.some((m) => m.destination === '/dev/shm'), false);
  assert.equal(spec(record()).mounts.find((m) => m.destination === '/dev/shm')?.type, 'tmpfs');
});

test('namespaces: --cgroupns private adds a cgroup namespace; host and an unset mode add none', () => {
  assert.equal(spec(record({ CgroupnsMode: 'private' })).linux.namespaces.filter((n) => n.type === 'cgroup').length, 1);
  for (const mode of ['host', undefined]) assert.equal(spec(record({ CgroupnsMode: mode })).linux.namespaces.some((n) => n.type === 'cgroup'), false);
});

test('oomScoreAdj, annotations, cgroupsPath under --cgroup-parent, blockIO devices merged with the weight', () => {
  const s = spec(record({ OomScoreAdj: -5, Annotations: { a: 'b' }, CgroupParent: 'p/q', BlkioWeight: 300 }), {
    blockIO: { throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 10 }] },
  });
  assert.equal(s.process.oomScoreAdj, -5);
  assert.deepEqual(s.annotations, { a: 'b' });
  assert.equal(s.linux.cgroupsPath, 'p/q/c1');
  assert.deepEqual(s.linux.resources?.blockIO, { weight: 300, throttleReadBpsDevice: [{ major: 8, minor: 0, rate: 10 }] });
  const plain = spec(record());
  assert.deepEqual([plain.annotations, plain.linux.cgroupsPath, plain.linux.resources?.blockIO], [undefined, '/wharf/c1', undefined]);
});

test('--cpu-rt-period/--cpu-rt-runtime reach linux.resources.cpu; MaskedPaths/ReadonlyPaths given replace the defaults, none when privileged', () => {
  assert.deepEqual(spec(record({ CpuRealtimePeriod: 900000, CpuRealtimeRuntime: 1000 })).linux.resources?.cpu, { realtimePeriod: 900000, realtimeRuntime: 1000 });
  const given = spec(record({ MaskedPaths: ['/proc/keys'], ReadonlyPaths: [] })).linux;
  assert.deepEqual([given.maskedPaths, given.readonlyPaths], [['/proc/keys'], []]);
  const priv = spec(record({ Privileged: true, MaskedPaths: ['/proc/keys'] })).linux;
  assert.deepEqual([priv.maskedPaths, priv.readonlyPaths], [[], []]);
  assert.ok((spec(record({ MaskedPaths: null })).linux.maskedPaths ?? []).includes('/proc/kcore'));
});

test('the container\'s mounts come last; a default mount or /etc file at their destination (or under a user /dev) gives way', () => {
  const own = [
    { destination: '/dev/shm', type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] },
    { destination: '/etc/hosts', type: 'bind', source: '/my/hosts', options: ['rbind'] },
    { destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'rprivate'] },
  ];
  const s = spec(record(), { mounts: own, rootfsPropagation: 'shared' });
  assert.deepEqual(s.mounts.filter((m) => m.destination === '/dev/shm' || m.destination === '/etc/hosts'), own.slice(0, 2));
  assert.deepEqual(s.mounts.slice(-5).map((m) => m.destination), ['/data', '/dev/shm', '/etc/hosts', '/etc/resolv.conf', '/etc/hostname'], 'parents first');
  const etc = spec(record(), { mounts: [{ destination: '/etc', type: 'bind', source: '/host-etc', options: ['rbind'] }] });
  assert.deepEqual(etc.mounts.slice(-4).map((m) => m.destination), ['/etc', '/etc/resolv.conf', '/etc/hostname', '/etc/hosts'], 'the managed files land on a user /etc');
  assert.equal(s.linux.rootfsPropagation, 'shared');
  const dev = spec(record(), { mounts: [{ destination: '/dev', type: 'bind', source: '/dev', options: ['rbind'] }] });
  assert.deepEqual(dev.mounts.filter((m) => m.destination.startsWith('/dev')).map((m) => m.source), ['/dev']);
  assert.equal(spec(record()).linux.rootfsPropagation, undefined);
});

test('--read-only: the managed /etc files are read-only too (moby NetworkMounts)', () => {
  const ro = spec(record({ ReadonlyRootfs: true }));
  assert.deepEqual(ro.mounts.find((m) => m.destination === '/etc/hosts')?.options, ['rbind', 'ro', 'rprivate']);
  assert.deepEqual(spec(record()).mounts.find((m) => m.destination === '/etc/hosts')?.options, ['rbind', 'rprivate']);
});
