/**
 * `docker cp` and `wharf cp` with a container's mounts: paths are resolved in the rootfs *and* its
 * binds and volumes, on running and stopped containers (the daemon binds them into a private view
 * for the operation), a `:ro` mount refuses a copy in with Docker's message, and tmpfs mounts are
 * not seen, as Docker's cp does not see them. Expectations from Docker 20.10 with the docker 28 CLI.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER, runCommand, startDaemon, WHARF_BIN, type RunResult, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
const host = mkdtempSync('/tmp/wh-cpm-');
const bind = join(host, 'bind');

const CLIS = {
  docker: (args: string[]) => runCommand(DOCKER, ['-H', d.host, ...args]),
  wharf: (args: string[]) => runCommand(WHARF_BIN, ['-H', d.host, ...args]),
};

function ok(r: RunResult): RunResult {
  assert.equal(r.code, 0, r.stderr);
  return r;
}

const volumePath = async (name: string) => ok(await d.docker(['volume', 'inspect', '-f', '{{.Mountpoint}}', name])).stdout.trim();
const views = () => readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(join(d.execRoot, 'scratch')));

/** The views still mounted once the daemon had time to close them (a client may hang up before the response ends). */
async function settledViews(list: () => string[]): Promise<string[]> {
  for (let i = 0; i < 40 && list().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return list();
}

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  mkdirSync(bind);
  writeFileSync(join(bind, 'h'), 'hostfile\n');
  writeFileSync(join(host, 'xf'), 'x\n');
  ok(await d.docker(['run', '-d', '--name', 'mnt', '-v', 'cpvol:/vol', '-v', `${bind}:/ro:ro`, '-v', `${bind}:/rw`, '--tmpfs', '/tm', 'busybox', 'sh', '-c', 'echo t > /tm/only-in-tmpfs; exec sleep 600']));
  ok(await d.docker(['create', '--name', 'mntstopped', '-v', 'cpvol2:/vol', '-v', `${bind}:/ro:ro`, 'busybox', 'true']));
});
after(async () => {
  await d?.cleanup();
  rmSync(host, { recursive: true, force: true });
});

for (const [name, cli] of Object.entries(CLIS)) {
  test(`${name} cp: a copy into a volume path lands in the volume (running and stopped)`, async () => {
    ok(await cli(['cp', join(host, 'xf'), `mnt:/vol/${name}-xf`]));
    assert.equal(readFileSync(join(await volumePath('cpvol'), `${name}-xf`), 'utf8'), 'x\n');
    ok(await cli(['cp', join(host, 'xf'), `mntstopped:/vol/${name}-xf`]));
    assert.equal(readFileSync(join(await volumePath('cpvol2'), `${name}-xf`), 'utf8'), 'x\n');
    assert.deepEqual(await settledViews(views), []);
  });

  test(`${name} cp: a copy into a :ro bind is refused, and nothing lands in the bind`, async () => {
    for (const ctr of ['mnt', 'mntstopped']) {
      const r = await cli(['cp', join(host, 'xf'), `${ctr}:/ro/`]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'Error response from daemon: mounted volume is marked read-only', ctr);
    }
    assert.deepEqual(readdirSync(bind).filter((n) => n !== 'h' && !n.endsWith('-rw')), []);
  });

  test(`${name} cp: a bind is read and written through its destination`, async () => {
    const out = join(host, `out-${name}`);
    mkdirSync(out);
    ok(await cli(['cp', 'mnt:/ro/h', join(out, 'h')]));
    assert.equal(readFileSync(join(out, 'h'), 'utf8'), 'hostfile\n');
    ok(await cli(['cp', 'mntstopped:/ro/h', join(out, 'h2')]));
    assert.equal(readFileSync(join(out, 'h2'), 'utf8'), 'hostfile\n');
    ok(await cli(['cp', join(host, 'xf'), `mnt:/rw/${name}-rw`]));
    assert.equal(readFileSync(join(bind, `${name}-rw`), 'utf8'), 'x\n');
  });
}

test('a tmpfs mount is not seen: its rootfs directory is what GET shows', async () => {
  const r = await runCommand(DOCKER, ['-H', d.host, 'cp', 'mnt:/tm', '-']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('only-in-tmpfs'));
  assert.ok(r.stdout.startsWith('tm/'));
});

test('the view released its volume mounts: the volumes can be removed with their containers', async () => {
  assert.deepEqual(await settledViews(views), []);
  ok(await d.docker(['rm', '-f', 'mnt', 'mntstopped']));
  ok(await d.docker(['volume', 'rm', 'cpvol', 'cpvol2']));
});
