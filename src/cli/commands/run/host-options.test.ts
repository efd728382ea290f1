import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSysctl, parseDevice, parseUlimit, ulimitList } from './host-options.js';
import { parseKeyValueFile } from './kv-file.js';

test('ulimits as go-units reads them', () => {
  assert.deepEqual(parseUlimit('nofile=1024:2048'), { Name: 'nofile', Hard: 2048, Soft: 1024 });
  assert.deepEqual(parseUlimit('core=-1'), { Name: 'core', Hard: -1, Soft: -1 });
  assert.deepEqual(parseUlimit('nofile=5:-1'), { Name: 'nofile', Hard: -1, Soft: 5 });
  assert.throws(() => parseUlimit('nofile=-1:5'), /soft: -1 \(unlimited\), hard: 5$/);
  assert.throws(() => parseUlimit('as=1'), /^Error: invalid ulimit type: as$/);
  assert.deepEqual(ulimitList(['nproc=1', 'nofile=2', 'nofile=3']).map((u) => `${u.Name}=${u.Soft}`), ['nofile=3', 'nproc=1']);
});

test('sysctls: only namespaced keys', () => {
  for (const ok of ['net.ipv4.ip_forward=1', 'kernel.shm_rmid_forced=1', 'fs.mqueue.msg_max=2', 'net.a=b=c']) checkSysctl(ok);
  for (const bad of ['vm.swappiness=1', 'kernel.domainname=x', 'net.ipv4.ip_forward', '=1']) assert.throws(() => checkSysctl(bad), /is not allowed$/);
});

test('devices: host[:container][:perms], cleaned as docker cleans them', () => {
  assert.deepEqual(parseDevice('/dev/null'), { PathOnHost: '/dev/null', PathInContainer: '/dev/null', CgroupPermissions: 'rwm' });
  assert.deepEqual(parseDevice('/dev/null:/dev/x/../y'), { PathOnHost: '/dev/null', PathInContainer: '/dev/y', CgroupPermissions: 'rwm' });
  assert.deepEqual(parseDevice('/dev/./null:r'), { PathOnHost: '/dev/null', PathInContainer: '/dev/null', CgroupPermissions: 'r' });
  assert.deepEqual(parseDevice('./n:/d/../z:rw'), { PathOnHost: './n', PathInContainer: '/d/../z', CgroupPermissions: 'rw' });
  assert.throws(() => parseDevice('/dev/null:/x:rwz'), /^Error: bad mode specified: rwz$/);
  assert.throws(() => parseDevice('/dev/null:rr'), /^Error: rr is not an absolute path$/);
});

test('env files: comments, BOM, CRLF, bare names from the client, docker\'s errors', () => {
  const dir = mkdtempSync('/tmp/wh-kv-');
  try {
    const f = join(dir, 'e');
    writeFileSync(f, '\ufeffA=1\r\n# c\n\n  B= 2 \nHOSTY\nUNSET\nlast=x');
    assert.deepEqual(parseKeyValueFile(f, (n) => (n === 'HOSTY' ? 'h' : undefined)), ['A=1', 'B= 2 ', 'HOSTY=h', 'last=x']);
    assert.deepEqual(parseKeyValueFile(f), ['A=1', 'B= 2 ', 'last=x'], 'label files drop bare names');
    writeFileSync(f, 'export X=1\n');
    assert.throws(() => parseKeyValueFile(f), new RegExp(`^Error: invalid env file \\(${f}\\): variable 'export X' contains whitespaces$`));
    writeFileSync(f, Buffer.from([0xff, 0x3d, 0x31, 0x0a]));
    assert.throws(() => parseKeyValueFile(f), /invalid utf8 bytes at line 1: \[255 61 49\]$/);
    assert.throws(() => parseKeyValueFile(join(dir, 'none')), /^Error: open .*none: no such file or directory$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
