/**
 * The real docker CLI 28 against wharfd: `docker volume create|ls|inspect|rm|prune` and
 * `docker system df [-v]`. Expected outputs, messages and exit codes are the reference Docker
 * 20.10's (recorded with the same CLI); prune follows API 1.50 (anonymous volumes only unless -a),
 * which the reference (API 1.41, which prunes every unused volume) cannot show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();
const invalidName = (n: string) => `Error response from daemon: create ${n}: "${n}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path\n`;

test('create, ls, inspect and rm as the reference answers them', async () => {
  assert.deepEqual(await d.docker(['volume', 'create', '--label', 'a=b', 'cmpv1']), { code: 0, stdout: 'cmpv1\n', stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'ls', '-f', 'name=cmpv1']), { code: 0, stdout: 'DRIVER    VOLUME NAME\nlocal     cmpv1\n', stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'ls', '-f', 'name=cmpv1', '-q']), { code: 0, stdout: 'cmpv1\n', stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'inspect', '--format', '{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}}', 'cmpv1']),
    { code: 0, stdout: 'cmpv1 local local map[a:b]\n', stderr: '' });
  const inspect = JSON.parse((await d.docker(['volume', 'inspect', 'cmpv1'])).stdout);
  assert.deepEqual({ ...inspect[0], CreatedAt: '' }, {
    CreatedAt: '', Driver: 'local', Labels: { a: 'b' }, Mountpoint: join(d.dataRoot, 'volumes', 'cmpv1', '_data'), Name: 'cmpv1', Options: null, Scope: 'local',
  });
  assert.deepEqual(await d.docker(['volume', 'rm', 'cmpv1']), { code: 0, stdout: 'cmpv1\n', stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'rm', 'cmpv1']), { code: 1, stdout: '', stderr: 'Error response from daemon: get cmpv1: no such volume\n' });
  assert.deepEqual(await d.docker(['volume', 'rm', '-f', 'cmpv1']), { code: 0, stdout: 'cmpv1\n', stderr: '' });
});

test('bad input: names, options, drivers, filters and missing volumes', async () => {
  for (const n of ['x/y', '..', '.a']) assert.deepEqual(await d.docker(['volume', 'create', n]), { code: 1, stdout: '', stderr: invalidName(n) });
  assert.deepEqual(await d.docker(['volume', 'create', 'a']),
    { code: 1, stdout: '', stderr: 'Error response from daemon: create a: volume name is too short, names should be at least two alphanumeric characters\n' });
  assert.deepEqual(await d.docker(['volume', 'create', '-o', 'foo=bar', 'cmpv2']), { code: 1, stdout: '', stderr: 'Error response from daemon: create cmpv2: invalid option: "foo"\n' });
  assert.deepEqual(await d.docker(['volume', 'create', '-d', 'nope', 'cmpv2']),
    { code: 1, stdout: '', stderr: 'Error response from daemon: create cmpv2: error looking up volume plugin nope: plugin "nope" not found\n' });
  assert.deepEqual(await d.docker(['volume', 'ls', '-f', 'dangling=maybe']), { code: 1, stdout: '', stderr: "Error response from daemon: Invalid filter 'dangling=[maybe]'\n" });
  assert.deepEqual(await d.docker(['volume', 'inspect', 'nope']), { code: 1, stdout: '[]\n', stderr: 'Error response from daemon: get nope: no such volume\n' });
  assert.deepEqual((await d.api('GET', '/volumes')).json().Volumes, [], 'nothing half-made');
});

test('an existing name is answered with the existing volume, its options unchanged', async () => {
  assert.equal((await d.docker(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'vt1'])).code, 0);
  assert.deepEqual(await d.docker(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=2m', 'vt1']), { code: 0, stdout: 'vt1\n', stderr: '' });
  assert.deepEqual(JSON.parse((await d.docker(['volume', 'inspect', 'vt1'])).stdout)[0].Options, { device: 'tmpfs', o: 'size=1m', type: 'tmpfs' });
  assert.equal((await d.docker(['volume', 'rm', 'vt1'])).code, 0);
});

test('prune: anonymous volumes by default, every unused one with -a, label filters', async () => {
  const anon = (await d.docker(['volume', 'create'])).stdout.trim();
  writeFileSync(join(d.dataRoot, 'volumes', anon, '_data', 'f'), 'x'.repeat(1000));
  for (const n of ['pn1', 'pn2']) await d.docker(['volume', 'create', '--label', `n=${n}`, n]);
  assert.deepEqual(await d.docker(['volume', 'prune', '-f']), { code: 0, stdout: `Deleted Volumes:\n${anon}\n\nTotal reclaimed space: 1kB\n`, stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'prune', '-f', '-a', '--filter', 'label=n=pn2']), { code: 0, stdout: 'Deleted Volumes:\npn2\n\nTotal reclaimed space: 0B\n', stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'prune', '-f']), { code: 0, stdout: 'Total reclaimed space: 0B\n', stderr: '' });
  assert.deepEqual(await d.docker(['volume', 'prune', '-f', '-a']), { code: 0, stdout: 'Deleted Volumes:\npn1\n\nTotal reclaimed space: 0B\n', stderr: '' });
});

test('system df: the volume summary line and the -v table', async () => {
  await d.docker(['volume', 'create', 'dfv1']);
  writeFileSync(join(d.dataRoot, 'volumes', 'dfv1', '_data', 'f'), 'ab');
  await d.docker(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', 'dfdev']);
  const df = await d.docker(['system', 'df']);
  assert.equal(df.code, 0, df.stderr);
  assert.match(df.stdout, /^Local Volumes\s+1\s+0\s+2B\s+2B \(100%\)$/m);
  const v = await d.docker(['system', 'df', '-v']);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /\nLocal Volumes space usage:\n\nVOLUME NAME\s+LINKS\s+SIZE\ndfv1\s+0\s+2B\n\nBuild cache usage: 0B\n/);
  for (const n of ['dfv1', 'dfdev']) await d.docker(['volume', 'rm', n]);
});

test('docker events shows volume create, destroy and prune, and filters by volume name', async () => {
  const since = String(Math.floor(Date.now() / 1000));
  await d.docker(['volume', 'create', 'evv1']);
  await d.docker(['volume', 'rm', 'evv1']);
  await d.docker(['volume', 'prune', '-f']);
  const until = String(Math.floor(Date.now() / 1000) + 1);
  const r = await d.docker(['events', '--since', since, '--until', until, '--filter', 'type=volume', '--format', '{{.Type}} {{.Action}} {{.Actor.ID}} {{json .Actor.Attributes}}']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(lines.indexOf('volume create evv1 {"driver":"local"}')), [
    'volume create evv1 {"driver":"local"}', 'volume destroy evv1 {"driver":"local"}', 'volume prune  {"reclaimed":"0"}',
  ]);
  const byName = await d.docker(['events', '--since', since, '--until', until, '--filter', 'volume=evv1', '--format', '{{.Action}}']);
  assert.deepEqual(byName.stdout.trim().split('\n'), ['create', 'destroy']);
});
