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
