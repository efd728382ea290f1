/**
 * commit, export and diff through the docker CLI, and whiteout semantics end to end: a layer that
 * deletes a file of its parent and one that replaces a dir (opaque) look right in a running container,
 * also after the image went through save and load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCommand } from '../helpers/daemon.js';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

async function ok(args: string[]): Promise<string> {
  const r = await d.docker(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('diff lists A/C/D like Docker; commit keeps -m, -a, --change and the parent', async () => {
  await ok(['run', '--name', 'd1', 'busybox', 'sh', '-c', 'echo x > /tmp/x; rm /bin/vi; mkdir -p /etc/n; echo > /etc/n/f']);
  // Docker 20.10 printed the same set (its order is its walk order): C /tmp, A /tmp/x, C /bin, D /bin/vi, C /etc, A /etc/n, A /etc/n/f
  const diff = (await ok(['diff', 'd1'])).trim().split('\n').sort();
  assert.deepEqual(diff, ['A /etc/n', 'A /etc/n/f', 'A /tmp/x', 'C /bin', 'C /etc', 'C /tmp', 'D /bin/vi']);
  const id = (await ok(['commit', '-m', 'my note', '-a', 'me <me@x>', '-c', 'ENV A=1', '-c', 'CMD ["cat", "/tmp/x"]', 'd1', 'cm/a:1'])).trim();
  assert.match(id, /^sha256:[a-f0-9]{64}$/);
  const fmt = '{{.Comment}}|{{.Author}}|{{json .Config.Cmd}}|{{json .Config.Env}}|{{len .RootFS.Layers}}|{{.Container}}';
  const inspect = (await ok(['image', 'inspect', '--format', fmt, 'cm/a:1'])).trim().split('|');
  assert.deepEqual(inspect.slice(0, 5), ['my note', 'me <me@x>', '["cat","/tmp/x"]', '["A=1"]', '2']);
  assert.match(inspect[5]!, /^[a-f0-9]{64}$/);
  assert.equal((await ok(['run', '--rm', 'cm/a:1'])), 'x\n');
  const hist = (await ok(['history', '--no-trunc', '--format', '{{.CreatedBy}}|{{.Comment}}', 'cm/a:1'])).split('\n');
  assert.equal(hist[0], 'sh -c echo x > /tmp/x; rm /bin/vi; mkdir -p /etc/n; echo > /etc/n/f|my note');
  const api = await d.api('GET', '/v1.50/containers/d1/changes');
  assert.deepEqual(api.json().find((c: { Path: string }) => c.Path === '/bin/vi'), { Path: '/bin/vi', Kind: 2 });
});

test('commit of an unchanged container adds an empty history entry and no layer', async () => {
  await ok(['run', '--name', 'e1', 'busybox', 'true']);
  assert.equal((await ok(['diff', 'e1'])), '');
  await ok(['commit', 'e1', 'cm/empty']);
  const layers = (await ok(['image', 'inspect', '--format', '{{len .RootFS.Layers}}', 'cm/empty'])).trim();
  assert.equal(layers, '1');
  const hist = (await ok(['history', '--format', '{{.Size}}|{{.CreatedBy}}', 'cm/empty'])).split('\n');
  assert.equal(hist[0], '0B|true');
  const missing = await d.docker(['commit', 'nosuch', 'cm/x']);
  assert.deepEqual([missing.code, missing.stderr.trim()], [1, 'Error response from daemon: No such container: nosuch']);
});

test('export streams the merged filesystem of a stopped container', async () => {
  const file = join(d.root, 'exp.tar');
  await ok(['export', '-o', file, 'd1']);
  const names = (await runCommand('tar', ['-tf', file])).stdout.split('\n');
  assert.ok(names.includes('tmp/x') && names.includes('etc/n/f') && names.includes('bin/busybox'));
  assert.ok(!names.includes('bin/vi'), 'a deleted file is not exported');
  assert.equal((await runCommand('tar', ['-xOf', file, 'tmp/x'])).stdout, 'x\n');
  const mounts = (await runCommand('cat', ['/proc/self/mountinfo'])).stdout;
  assert.ok(!mounts.includes(join(d.execRoot, 'export')), 'the scratch mount is gone');
});

test('whiteouts and opaque dirs look right in a running container, also after save and load', async () => {
  await ok(['run', '--name', 'w1', 'busybox', 'sh', '-c', 'mkdir /data && echo a > /data/a && echo b > /data/b && echo keep > /keep && echo gone > /gone']);
  await ok(['commit', 'w1', 'wh/base:1']);
  await ok(['run', '--name', 'w2', 'wh/base:1', 'sh', '-c', 'rm /gone && rm -rf /data && mkdir /data && echo c > /data/c']);
  await ok(['commit', 'w2', 'wh/top:1']);
  const file = join(d.root, 'wh.tar');
  await ok(['save', '-o', file, 'wh/top:1']);
  const manifest = JSON.parse((await runCommand('tar', ['-xOf', file, 'manifest.json'])).stdout);
  const top = (await runCommand('tar', ['-xOf', file, manifest[0].Layers.at(-1)])).stdout;
  assert.ok(top.includes('.wh.gone') && top.includes('data/.wh..wh..opq'), 'the layer tar carries a whiteout and an opaque marker');
  await ok(['rm', 'w1', 'w2']);
  await ok(['rmi', 'wh/top:1', 'wh/base:1']);
  assert.equal((await ok(['load', '-q', '-i', file])), 'Loaded image: wh/top:1\n');
  const look = await ok(['run', '--rm', 'wh/top:1', 'sh', '-c', 'ls /data; cat /keep; ls /gone 2>&1 || true']);
  assert.equal(look, 'c\nkeep\nls: /gone: No such file or directory\n');
});
