/** image prune [-a] and system df through the docker CLI, with Docker 20.10's output shapes. */
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

const layerDirs = () => readdirSync(join(d.dataRoot, 'layers')).filter((n) => n !== 'l');

async function ok(args: string[]): Promise<string> {
  const r = await d.docker(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('prune removes dangling images only; -a removes unused ones and keeps what containers use', async () => {
  await ok(['run', '--name', 'p1', 'busybox', 'sh', '-c', 'echo 1 > /one']);
  const dangling = (await ok(['commit', 'p1', 'pr/x:1'])).trim();
  await ok(['run', '--name', 'p2', 'busybox', 'sh', '-c', 'echo 2 > /two']);
  await ok(['commit', 'p2', 'pr/x:1']); // takes the tag: the first commit is now dangling
  await ok(['rm', 'p1', 'p2']);
  assert.equal(layerDirs().length, 3);
  const out = await ok(['image', 'prune', '-f']);
  assert.match(out, new RegExp(`^Deleted Images:\\ndeleted: ${dangling}\\ndeleted: sha256:[a-f0-9]{64}\\n\\nTotal reclaimed space: 2B\\n$`));
  assert.equal(layerDirs().length, 2);
  const again = await d.api('POST', '/v1.50/images/prune');
  assert.deepEqual(again.json(), { ImagesDeleted: null, SpaceReclaimed: 0 });
  const bad = await d.api('POST', `/v1.50/images/prune?filters=${encodeURIComponent('{"foo":{"x":true}}')}`);
  assert.deepEqual([bad.status, bad.json().message], [400, "Invalid filter 'foo'"]);
  await ok(['create', '--name', 'keep', 'busybox', 'true']);
  const all = await ok(['image', 'prune', '-a', '-f']);
  assert.match(all, /untagged: pr\/x:1/);
  assert.doesNotMatch(all, new RegExp(bb));
  assert.equal((await ok(['images', '-q', '--no-trunc'])).trim(), bb);
  assert.equal(layerDirs().length, 1);
});

test('system df counts images, shared sizes and containers', async () => {
  await ok(['run', '--name', 's1', 'busybox', 'sh', '-c', 'echo hello > /h']);
  await ok(['commit', 's1', 'df/x:1']);
  const r = (await d.api('GET', '/v1.50/system/df')).json();
  assert.deepEqual(Object.keys(r).sort(), ['BuildCache', 'BuilderSize', 'Containers', 'Images', 'LayersSize', 'Volumes']);
  const base = r.Images.find((i: { Id: string }) => i.Id === bb);
  const top = r.Images.find((i: { RepoTags: string[] }) => i.RepoTags[0] === 'df/x:1');
  assert.equal(top.Size, base.Size + 6);
  assert.equal(top.SharedSize, base.Size);
  assert.equal(r.LayersSize, base.Size + 6);
  assert.equal(base.Containers, 2);
  const s1 = r.Containers.find((c: { Names: string[] }) => c.Names[0] === '/s1');
  assert.equal(s1.SizeRw, 6);
  const cli = await ok(['system', 'df']);
  assert.match(cli, /^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE\nImages\s+2\s+1\s+/);
  assert.match(cli, /\nContainers\s+2\s+0\s+6B\s+6B \(100%\)\n/);
  const typed = (await d.api('GET', '/v1.50/system/df?type=image')).json();
  assert.deepEqual([typed.Containers, typed.Images.length], [null, 2]);
});
