/**
 * tag, rmi and history through the real docker CLI. Expectations (messages, bodies, exit codes)
 * were taken from Docker 20.10 running the same commands (see the comments).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let bb: string;
before(async () => {
  d = await startDaemon();
  bb = await d.importBusybox();
});
after(async () => { await d.cleanup(); });

const short = (id: string) => id.slice(7, 19);
const blobs = () => readdirSync(join(d.dataRoot, 'content/blobs/sha256')).sort();
const layerDirs = () => readdirSync(join(d.dataRoot, 'layers')).filter((n) => n !== 'l').sort();

test('tag adds a name; a bad name is refused with Docker\'s message', async () => {
  assert.equal((await d.docker(['tag', 'busybox', 't1/a:1'])).code, 0);
  const r = await d.api('POST', '/v1.50/images/busybox/tag?repo=t1/a&tag=2');
  assert.equal(r.status, 201);
  const bad = await d.api('POST', '/v1.50/images/busybox/tag?repo=t1/A');
  assert.deepEqual([bad.status, bad.json().message], [400, 'invalid reference format: repository name must be lowercase']);
  const dig = await d.api('POST', `/v1.50/images/busybox/tag?repo=${encodeURIComponent(`t1/a@${bb}`)}`);
  assert.deepEqual([dig.status, dig.json().message], [400, 'refusing to create a tag with a digest reference']);
  const missing = await d.api('POST', '/v1.50/images/nosuch/tag?repo=t1/x');
  assert.deepEqual([missing.status, missing.json().message], [404, 'No such image: nosuch:latest']);
  const ls = await d.docker(['images', '--format', '{{.Repository}}:{{.Tag}}', 't1/a']);
  assert.deepEqual(ls.stdout.trim().split('\n').sort(), ['t1/a:1', 't1/a:2']);
});

test('rmi by ID of an image with several tags needs -f; rmi of one tag only untags', async () => {
  const byId = await d.docker(['rmi', short(bb)]);
  assert.equal(byId.code, 1);
  assert.equal(byId.stderr.trim(), `Error response from daemon: conflict: unable to delete ${short(bb)} (must be forced) - image is referenced in multiple repositories`);
  const one = await d.api('DELETE', '/v1.50/images/t1/a:1');
  assert.deepEqual([one.status, one.json()], [200, [{ Untagged: 't1/a:1' }]]);
  const r = await d.docker(['rmi', 't1/a:2']);
  assert.deepEqual([r.code, r.stdout], [0, 'Untagged: t1/a:2\n']);
  const nosuch = await d.docker(['rmi', 'nosuch']);
  assert.deepEqual([nosuch.code, nosuch.stderr.trim()], [1, 'Error response from daemon: No such image: nosuch:latest']);
});

test('rmi refuses an image a container uses, with Docker\'s messages; a running one cannot be forced', async () => {
  await d.docker(['tag', 'busybox', 't2/used:1']);
  const c = await d.docker(['create', '--name', 'user1', 't2/used:1', 'true']);
  const cid = c.stdout.trim();
  await d.docker(['rmi', 'busybox']); // two tags: untag only
  const tagRm = await d.docker(['rmi', 't2/used:1']);
  assert.equal(tagRm.stderr.trim(), `Error response from daemon: conflict: unable to remove repository reference "t2/used:1" (must force) - container ${cid.slice(0, 12)} is using its referenced image ${short(bb)}`);
  const idRm = await d.docker(['rmi', short(bb)]);
  assert.equal(idRm.stderr.trim(), `Error response from daemon: conflict: unable to delete ${short(bb)} (must be forced) - image is being used by stopped container ${cid.slice(0, 12)}`);
  await d.docker(['rm', 'user1']);
  const run = await d.docker(['run', '-d', '--name', 'user2', 't2/used:1', 'sleep', '30']);
  assert.equal(run.code, 0, run.stderr);
  const forced = await d.docker(['rmi', '-f', short(bb)]);
  assert.equal(forced.stderr.trim(), `Error response from daemon: conflict: unable to delete ${short(bb)} (cannot be forced) - image is being used by running container ${run.stdout.trim().slice(0, 12)}`);
  await d.docker(['rm', '-f', 'user2']);
  await d.docker(['tag', 't2/used:1', 'busybox:latest']);
  await d.docker(['rmi', 't2/used:1']);
});

test('rmi -f of an image a stopped container uses deletes it; the container keeps its layers', async () => {
  await d.docker(['tag', 'busybox', 't3/x:1']);
  await d.docker(['run', '--name', 'keeper', 't3/x:1', 'sh', '-c', 'echo kept > /k']);
  const r = await d.api('DELETE', '/v1.50/images/t3/x:1?force=1');
  assert.deepEqual(r.json(), [{ Untagged: 't3/x:1' }]); // busybox:latest still names it
  await d.docker(['commit', 'keeper', 't3/y:1']);
  const del = await d.api('DELETE', '/v1.50/images/t3/y:1?force=1');
  assert.equal(del.status, 200);
  assert.equal(del.json()[1].Deleted.startsWith('sha256:'), true);
  const start = await d.docker(['start', '-a', 'keeper']);
  assert.equal(start.code, 0, start.stderr);
  await d.docker(['rm', 'keeper']);
});

test('children keep a parent as dangling; deleting the child removes the parent and its layers', async () => {
  await d.docker(['run', '--name', 'p1', 'busybox', 'sh', '-c', 'echo p > /p']);
  const parent = (await d.docker(['commit', 'p1', 't4/parent:1'])).stdout.trim();
  await d.docker(['run', '--name', 'c1', 't4/parent:1', 'sh', '-c', 'echo c > /c']);
  const child = (await d.docker(['commit', 'c1', 't4/child:1'])).stdout.trim();
  await d.docker(['rm', 'p1', 'c1']);
  const hard = await d.docker(['rmi', '-f', short(parent)]);
  assert.equal(hard.stderr.trim(), `Error response from daemon: conflict: unable to delete ${short(parent)} (cannot be forced) - image has dependent child images`);
  const untag = await d.api('DELETE', '/v1.50/images/t4/parent:1');
  assert.deepEqual(untag.json(), [{ Untagged: 't4/parent:1' }]);
  const all = await d.docker(['images', '-a', '-q', '--no-trunc']);
  assert.ok(all.stdout.includes(parent), 'the parent stays, dangling');
  const top = await d.docker(['images', '-q', '--no-trunc']);
  assert.ok(!top.stdout.includes(parent), 'images without -a hides an intermediate image');
  const hist = await d.docker(['history', '--format', '{{.ID}}|{{.CreatedBy}}', 't4/child:1']);
  assert.deepEqual(hist.stdout.trim().split('\n').map((l) => l.split('|')[0]), [short(child), short(parent), short(bb)]);
  const blobsBefore = blobs().length;
  const layersBefore = layerDirs().length;
  const rm = await d.api('DELETE', '/v1.50/images/t4/child:1');
  const body = rm.json() as Array<{ Untagged?: string; Deleted?: string }>;
  assert.deepEqual(body.filter((x) => x.Deleted?.startsWith('sha256:')).map((x) => x.Deleted).filter((x) => x === child || x === parent), [child, parent]);
  assert.equal(body.length, 5, JSON.stringify(body)); // untag, child, child layer, parent, parent layer
  assert.equal(layerDirs().length, layersBefore - 2);
  assert.ok(blobs().length < blobsBefore);
});

test('history: <missing> beyond local parents, --no-trunc, -H=false, comments', async () => {
  await d.docker(['run', '--name', 'h1', 'busybox', 'sh', '-c', 'echo 12345 > /h']);
  await d.docker(['commit', '-m', 'a note', 'h1', 't5/h:1']);
  await d.docker(['rm', 'h1']);
  const save = await d.docker(['save', '-o', join(d.root, 'h.tar'), 't5/h:1']);
  assert.equal(save.code, 0, save.stderr);
  await d.docker(['rmi', 't5/h:1']);
  await d.docker(['load', '-i', join(d.root, 'h.tar')]);
  const h = await d.docker(['history', 't5/h:1']);
  const rows = h.stdout.trim().split('\n');
  assert.match(rows[0]!, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.match(rows[1]!, /^[a-f0-9]{12}\s+.+sh -c echo 12345 > \/h\s+6B\s+a note$/);
  assert.match(rows[2]!, /^<missing>\s+.+1\.98MB\s+Imported from -$/);
  const raw = await d.docker(['history', '--no-trunc', '-H=false', '--format', '{{.ID}} {{.Size}} {{.CreatedAt}}', 't5/h:1']);
  assert.match(raw.stdout.split('\n')[0]!, /^sha256:[a-f0-9]{64} 6 \d{4}-\d\d-\d\dT/);
  const api = (await d.api('GET', '/v1.50/images/t5/h:1/history')).json();
  assert.deepEqual(Object.keys(api[0]).sort(), ['Comment', 'Created', 'CreatedBy', 'Id', 'Size', 'Tags']);
  assert.deepEqual([api[0].Tags, api[1].Id, api[1].Tags], [['t5/h:1'], '<missing>', null]);
});
