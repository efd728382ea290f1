/** `docker images` flags and filters against wharfd: -a, -q, --digests, --no-trunc, -f dangling/label/reference/before/since. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { busyboxTar } from '../helpers/busybox.js';

let d: TestDaemon;
let base: string;
let labelled: string;
let top: string;
let dangling: string;
before(async () => {
  d = await startDaemon();
  base = await d.importBusybox('ls/base:1');
  labelled = (await d.docker(['import', '-c', 'LABEL team=blue', '-c', 'CMD ["sh"]', busyboxTar(), 'ls/labelled:1'])).stdout.trim();
  await d.docker(['run', '--name', 'x1', 'ls/base:1', 'sh', '-c', 'echo 1 > /1']);
  dangling = (await d.docker(['commit', 'x1', 'ls/top:1'])).stdout.trim();
  top = (await d.docker(['commit', 'x1', 'ls/top:1'])).stdout.trim();
  await d.docker(['rm', 'x1']);
});
after(async () => { await d.cleanup(); });

async function ids(args: string[]): Promise<string[]> {
  const r = await d.docker(['images', '-q', '--no-trunc', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).sort();
}

test('-q, --no-trunc and -f dangling=true|false', async () => {
  assert.deepEqual(await ids([]), [base, labelled, dangling, top].sort());
  assert.deepEqual(await ids(['-f', 'dangling=true']), [dangling]);
  assert.deepEqual(await ids(['-f', 'dangling=false']), [base, labelled, top].sort());
  const short = await d.docker(['images', '-q', '-f', 'dangling=true']);
  assert.equal(short.stdout, `${dangling.slice(7, 19)}\n`);
});

test('-f label=, reference=, before=, since=', async () => {
  assert.deepEqual(await ids(['-f', 'label=team=blue']), [labelled]);
  assert.deepEqual(await ids(['-f', 'label=team']), [labelled]);
  assert.deepEqual(await ids(['-f', 'reference=ls/t*']), [top]);
  assert.deepEqual(await ids(['-f', 'before=ls/labelled:1']), [base]);
  assert.deepEqual(await ids(['-f', 'since=ls/labelled:1']), [dangling, top].sort());
  const bad = await d.docker(['images', '-f', 'nope=1']);
  assert.deepEqual([bad.code, bad.stderr.trim()], [1, "Error response from daemon: invalid filter 'nope'"]);
});

test('--digests and --format', async () => {
  const r = await d.docker(['images', '--digests', 'ls/base']);
  assert.match(r.stdout, /^REPOSITORY\s+TAG\s+DIGEST\s+IMAGE ID\s+CREATED\s+SIZE\nls\/base\s+1\s+<none>\s+[a-f0-9]{12}\s/);
  const f = await d.docker(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}', 'ls/top']);
  assert.equal(f.stdout, `ls/top:1 ${top.slice(7, 19)}\n`);
});
