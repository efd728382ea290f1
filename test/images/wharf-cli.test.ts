/**
 * The wharf CLI's image commands against wharfd: tag, rmi, history, save, load, commit, diff,
 * export, image prune, system df. Output and exit codes as docker's CLI gives them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDaemon, runCommand, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let bb: string;
before(async () => {
  d = await startDaemon();
  bb = await d.importBusybox();
});
after(async () => { await d.cleanup(); });

async function ok(args: string[]): Promise<string> {
  const r = await d.wharf(args);
  assert.equal(r.code, 0, `wharf ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('tag, rmi and history print what docker prints', async () => {
  assert.equal(await ok(['tag', 'busybox', 'cli/a:1']), '');
  const bad = await d.wharf(['tag', 'busybox', 'cli/A']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'invalid reference format: repository name (cli/A) must be lowercase\n'); // docker 28's client-side check
  const hist = (await ok(['history', 'cli/a:1'])).split('\n');
  assert.match(hist[0]!, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.match(hist[1]!, new RegExp(`^${bb.slice(7, 19)}\\s+.+ago\\s+1\\.98MB\\s+Imported from -$`));
  const raw = (await ok(['history', '--no-trunc', '-H=false', 'cli/a:1'])).split('\n');
  assert.match(raw[0]!, /^IMAGE\s+CREATED AT\s+CREATED BY\s+SIZE\s+COMMENT$/);
  assert.match(raw[1]!, new RegExp(`^${bb}\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+\\d+\\s+Imported from -$`));
  assert.equal(await ok(['rmi', 'cli/a:1']), 'Untagged: cli/a:1\n');
  const missing = await d.wharf(['rmi', 'nosuch', 'busybox:nosuch']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error response from daemon: No such image: nosuch:latest\nError response from daemon: No such image: busybox:nosuch\n');
  assert.equal(await ok(['image', 'rm', '--help']).then((s) => s.includes('Usage:  wharf image rm [OPTIONS] IMAGE [IMAGE...]')), true);
});

test('commit, diff, export; save and load round trip', async () => {
  await ok(['run', '--name', 'cc1', 'busybox', 'sh', '-c', 'echo hi > /hi; rm /bin/vi']);
  assert.equal(await ok(['diff', 'cc1']), 'C /bin\nD /bin/vi\nA /hi\n');
  const id = (await ok(['commit', '-m', 'note', '-c', 'ENV X=1', 'cc1', 'cli/c:1'])).trim();
  assert.match(id, /^sha256:[a-f0-9]{64}$/);
  const exp = join(d.root, 'e.tar');
  assert.equal(await ok(['export', '-o', exp, 'cc1']), '');
  assert.equal((await runCommand('tar', ['-xOf', exp, 'hi'])).stdout, 'hi\n');
  const file = join(d.root, 's.tar');
  assert.equal(await ok(['save', '-o', file, 'cli/c:1']), '');
  await ok(['rm', 'cc1']);
  assert.match(await ok(['rmi', 'cli/c:1']), /^Untagged: cli\/c:1\nDeleted: sha256:/);
  assert.equal(await ok(['load', '-i', file]), 'Loaded image: cli/c:1\n');
  assert.equal(await ok(['images', '-q', '--no-trunc', 'cli/c:1']), `${id}\n`);
  const nofile = await d.wharf(['load', '-i', join(d.root, 'nope.tar')]);
  assert.deepEqual([nofile.code, nofile.stderr], [1, `open ${join(d.root, 'nope.tar')}: no such file or directory\n`]);
});

test('image prune and system df', async () => {
  await ok(['run', '--name', 'pp1', 'busybox', 'sh', '-c', 'echo 1 > /1']);
  const first = (await ok(['commit', 'pp1', 'cli/p:1'])).trim();
  await ok(['commit', 'pp1', 'cli/p:1']);
  await ok(['rm', 'pp1']);
  const out = await ok(['image', 'prune', '-f']);
  // both commits hold the same layer: only the image goes, no layer, nothing reclaimed
  assert.equal(out, `Deleted Images:\ndeleted: ${first}\n\nTotal reclaimed space: 0B\n`);
  assert.equal(await ok(['image', 'prune', '-f']), 'Total reclaimed space: 0B\n');
  const df = await ok(['system', 'df']);
  assert.match(df, /^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE\nImages\s+3\s+0\s+[\d.]+MB\s+[\d.]+MB \(100%\)\nContainers\s+0\s+0\s+0B\s+0B\nLocal Volumes\s+0\s+0\s+0B\s+0B\nBuild Cache\s+0\s+0\s+0B\s+0B\n$/);
});
