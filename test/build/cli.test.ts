/**
 * `wharf build` and `wharf builder prune` against a test wharfd: the context the CLI packs (.dockerignore,
 * a Dockerfile outside the context or on stdin, a context on stdin), per-step progress, -q and --iidfile,
 * exit codes of failures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let work: string;

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  work = mkdtempSync(join(tmpdir(), 'wharf-build-cli-'));
});

after(async () => {
  await d?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function dir(name: string, files: Record<string, string>): string {
  const root = join(work, name);
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), content);
  }
  return root;
}

test('wharf build sends the context less what .dockerignore excludes, and shows each step with its time', async () => {
  const ctx = dir('ignore', {
    Dockerfile: 'FROM busybox\nCOPY . /ctx\nRUN find /ctx | sort\n',
    '.dockerignore': 'secret.txt\n*.log\n!keep.log\nDockerfile\n', 'a.txt': 'a', 'secret.txt': 's', 'x.log': 'x', 'keep.log': 'k',
  });
  const r = await d.wharf(['build', '-t', 'cli:ignore', ctx]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^#1 \[1\/3\] FROM busybox\n#1 DONE \d+\.\ds$/m);
  assert.match(r.stdout, /^#3 \d+\.\d{3} \/ctx\/\.dockerignore\n/m);
  const listed = [...r.stdout.matchAll(/^#3 \d+\.\d{3} (\S+)$/gm)].map((m) => m[1]);
  // The Dockerfile goes even when ignored (moby's rule), and the daemon honours .dockerignore as well.
  assert.deepEqual(listed, ['/ctx', '/ctx/.dockerignore', '/ctx/a.txt', '/ctx/keep.log']);
  assert.match(r.stdout, /^#4 naming to cli:ignore done$/m);
  const again = await d.wharf(['build', '-t', 'cli:ignore', ctx]);
  assert.match(again.stdout, /^#2 CACHED$/m);
});

test('-q prints the ID, --iidfile writes it; -f from outside the context and from stdin', async () => {
  const ctx = dir('files', { 'f.txt': 'hello\n' });
  const outside = join(work, 'Other.Dockerfile');
  writeFileSync(outside, 'FROM busybox\nCOPY f.txt /f.txt\nCMD ["cat", "/f.txt"]\n');
  const iid = join(work, 'iid');
  const q = await d.wharf(['build', '-q', '--iidfile', iid, '-f', outside, '-t', 'cli:q', ctx]);
  assert.equal(q.code, 0, q.stderr);
  assert.match(q.stdout, /^sha256:[0-9a-f]{64}\n$/);
  assert.equal(readFileSync(iid, 'utf8'), q.stdout.trim());
  const stdin = await d.wharf(['build', '-q', '-f', '-', '-t', 'cli:stdin', ctx], { input: 'FROM busybox\nCOPY f.txt /g.txt\n' });
  assert.equal(stdin.code, 0, stdin.stderr);
  const run = await d.docker(['run', '--rm', 'cli:stdin', 'cat', '/g.txt']);
  assert.equal(run.stdout, 'hello\n');
  const ctxStdin = await d.wharf(['build', '-q', '-t', 'cli:dockerfile-only', '-'], { input: 'FROM busybox\nLABEL from=stdin\n' });
  assert.equal(ctxStdin.code, 0, ctxStdin.stderr);
});

test('a failing RUN exits with its code and says why; a bad Dockerfile exits 1', async () => {
  const fail = await d.wharf(['build', dir('fail', { Dockerfile: 'FROM busybox\nRUN exit 4\n' })]);
  assert.equal(fail.code, 4);
  assert.match(fail.stdout, /^#2 ERROR: The command '\/bin\/sh -c exit 4' returned a non-zero code: 4$/m);
  assert.match(fail.stderr, /The command '\/bin\/sh -c exit 4' returned a non-zero code: 4/);
  const bad = await d.wharf(['build', dir('bad', { Dockerfile: 'FROM busybox\nNOPE x\n' })]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /dockerfile parse error line 2: unknown instruction: NOPE/);
  const missing = await d.wharf(['build', join(work, 'nowhere')]);
  assert.equal(missing.code, 1);
});

test('wharf builder prune asks first, then removes the cached steps', async () => {
  const ctx = dir('prune', { Dockerfile: 'FROM busybox\nRUN echo cached > /c\n' });
  assert.equal((await d.wharf(['build', '-q', ctx])).code, 0);
  const no = await d.wharf(['builder', 'prune', '-a'], { input: 'n\n' });
  assert.equal(no.stdout, 'WARNING! This will remove all build cache.\nAre you sure you want to continue? [y/N] ');
  const yes = await d.wharf(['builder', 'prune', '-af']);
  assert.match(yes.stdout, /^Deleted build cache objects:\n([0-9a-f]{64}\n)+\nTotal reclaimed space: /);
  const rebuilt = await d.wharf(['build', ctx]);
  assert.doesNotMatch(rebuilt.stdout, /CACHED/);
});

test('--output writes the image\'s files to a directory or a tar', async () => {
  const ctx = dir('out', { Dockerfile: 'FROM scratch\nCOPY a.txt /a.txt\nCOPY sub/ /sub/\n', 'a.txt': 'A\n', 'sub/b.txt': 'B\n' });
  const dest = join(work, 'exported');
  const local = await d.wharf(['build', '-q', '-o', `type=local,dest=${dest}`, ctx]);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(readFileSync(join(dest, 'a.txt'), 'utf8'), 'A\n');
  assert.equal(readFileSync(join(dest, 'sub/b.txt'), 'utf8'), 'B\n');
  const tarFile = join(work, 'out.tar');
  assert.equal((await d.wharf(['build', '-q', '--output', `type=tar,dest=${tarFile}`, ctx])).code, 0);
  const names = (await runCommand('tar', ['-tf', tarFile])).stdout.split('\n');
  assert.ok(names.includes('a.txt') && names.includes('sub/b.txt'), names.join(' '));
  const bad = await d.wharf(['build', '-o', 'type=registry', ctx]);
  assert.deepEqual([bad.code, bad.stderr.trim()], [1, 'output type "registry" is not supported: local or tar']);
});
