/**
 * `docker cp` and `wharf cp` against wharfd, over real runc containers on overlayfs: both ways, on
 * running and stopped containers, dirs, files, symlinks, `-a`, `-L`, `-`, trailing "/.", and every
 * hostile path and tar as a named case. Expected texts, statuses and tar listings are what Docker
 * 20.10 (with the docker 28 CLI) gives for the same commands. Each hostile case checks that
 * nothing was written outside, on a marker dir of the host.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { DOCKER, runCommand, startDaemon, WHARF_BIN, type RunResult, type TestDaemon } from '../helpers/daemon.js';
import { tarOf, type FixtureEntry } from '../../src/archive/fixture-tar.js';

let d: TestDaemon;
const host = mkdtempSync('/tmp/wh-cp-host-');
/** A host dir that hostile paths aim at; it must stay as it is. */
const marker = join(host, 'marker');
after(async () => {
  await d?.cleanup();
  rmSync(host, { recursive: true, force: true });
});

const CLIS = {
  docker: (args: string[], input?: Buffer) => runCommand(DOCKER, ['-H', d.host, ...args], input ? { inputBuffer: input } : {}),
  wharf: (args: string[], input?: Buffer) => runCommand(WHARF_BIN, ['-H', d.host, ...args], input ? { inputBuffer: input } : {}),
};

function ok(r: RunResult): RunResult {
  assert.equal(r.code, 0, r.stderr);
  return r;
}

async function exec(c: string, script: string): Promise<string> {
  return ok(await d.docker(['exec', c, 'sh', '-c', script])).stdout;
}

function tarList(buf: Buffer): string[] {
  const out: string[] = [];
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString().replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString().replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(h[156] ?? 48);
    if (type !== 'x' && type !== 'g') out.push(name);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function request(method: string, path: string, body?: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: d.socket, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Scratch mounts of archive views left behind (there must be none after any operation). */
function leftoverViews(): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(join(d.execRoot, 'scratch')));
}

/**
 * The views still mounted once the daemon had time to close them: a client that stops reading at
 * the tar's end-of-archive blocks closes the connection first, and the daemon then unmounts in the background.
 */
async function settledViews(list: () => string[]): Promise<string[]> {
  for (let i = 0; i < 40 && list().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return list();
}

function markerUntouched(): void {
  assert.deepEqual(readdirSync(marker), ['keep'], 'nothing written in the host marker dir');
  assert.equal(readFileSync(join(marker, 'keep'), 'utf8'), 'host');
}

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  mkdirSync(marker);
  writeFileSync(join(marker, 'keep'), 'host');
  mkdirSync(join(host, 'src/dd'), { recursive: true });
  writeFileSync(join(host, 'src/f1'), '1\n');
  writeFileSync(join(host, 'src/dd/f2'), '2\n');
  symlinkSync('f1', join(host, 'src/lnk'));
  chownSync(join(host, 'src/f1'), 1234, 4321);
  ok(await d.docker(['run', '-d', '--name', 'cp1', 'busybox', 'sh', '-c',
    `mkdir -p /d/sub; echo abc > /d/a; ln -s /etc /d/l; ln -s ../../../.. /d/up; ln -s /../../..${marker} /d/evil; chown 1000:1000 /d/a; exec sleep 600`]));
  ok(await d.docker(['run', '-d', '--name', 'cpuser', '--user', 'nobody', 'busybox', 'sleep', '600']));
  ok(await d.docker(['run', '-d', '--name', 'cpro', '--read-only', 'busybox', 'sleep', '600']));
  ok(await d.docker(['create', '--name', 'cpstopped', 'busybox', 'true']));
  await exec('cp1', 'test -d /d/sub');
});

{ // 'GET and HEAD /containers/{id}/archive'
  test('HEAD: the stat header of a dir, a file and a symlink (resolved in the container)', async () => {
    const stat = async (p: string) => {
      const r = await request('HEAD', `/v1.41/containers/cp1/archive?path=${p}`);
      assert.equal(r.status, 200);
      return JSON.parse(Buffer.from(String(r.headers['x-docker-container-path-stat']), 'base64').toString()) as Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(await stat('/d')), ['name', 'size', 'mode', 'mtime', 'linkTarget']);
    assert.deepEqual({ ...(await stat('/d')), mtime: '' }, { name: 'd', size: 4096, mode: 2147484141, mtime: '', linkTarget: '' });
    assert.deepEqual({ ...(await stat('/d/a')), mtime: '' }, { name: 'a', size: 4, mode: 420, mtime: '', linkTarget: '' });
    assert.deepEqual({ ...(await stat('/d/l')), mtime: '' }, { name: 'l', size: 4, mode: 134218239, mtime: '', linkTarget: '/etc' });
    assert.deepEqual({ ...(await stat('/d/up')), mtime: '' }, { name: 'up', size: 11, mode: 134218239, mtime: '', linkTarget: '/' });
    assert.match(String((await stat('/d')).mtime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
  });

  test('a missing path: 404 with Docker\'s message; no path: 400', async () => {
    const r = await request('GET', '/v1.41/containers/cp1/archive?path=/nope');
    assert.equal(r.status, 404);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Could not find the file /nope in container cp1' });
    const e = await request('GET', '/v1.41/containers/cp1/archive');
    assert.equal(e.status, 400);
    assert.deepEqual(JSON.parse(e.body.toString()), { message: 'bad parameter: pathcannot be empty' });
    assert.equal((await request('HEAD', '/v1.41/containers/nosuch/archive?path=/')).status, 404);
  });

  test('the tar is rebased as Docker does: "d/…", "./…" for /d/., the link itself, the target with a trailing /', async () => {
    const list = async (p: string) => tarList((await request('GET', `/v1.41/containers/cp1/archive?path=${p}`)).body);
    assert.deepEqual(await list('/d'), ['d/', 'd/a', 'd/evil', 'd/l', 'd/sub/', 'd/up']);
    assert.deepEqual(await list('/d/.'), ['./', './a', './evil', './l', './sub/', './up']);
    assert.deepEqual(await list('/d/l'), ['l']);
    assert.ok((await list('/d/l/')).includes('l/passwd'));
    assert.deepEqual(await list('/d/a'), ['a']);
  });

  test('/etc/hostname and /etc/hosts are the container\'s own files, running and stopped (moby binds its network mounts for cp)', async () => {
    const id = ok(await d.docker(['run', '-d', '--hostname', 'cphost', 'busybox', 'sleep', '600'])).stdout.trim();
    try {
      for (const cli of Object.values(CLIS)) assert.equal(ok(await cli(['cp', `${id}:/etc/hostname`, '-'])).stdout.slice(512, 519), 'cphost\n');
      assert.match((await request('GET', `/v1.41/containers/${id}/archive?path=/etc/hosts`)).body.toString(), /127\.0\.0\.1\tlocalhost/);
      ok(await d.docker(['stop', '-t', '0', id]));
      assert.equal(ok(await CLIS.docker(['cp', `${id}:/etc/hostname`, '-'])).stdout.slice(512, 519), 'cphost\n');
      assert.deepEqual(await settledViews(leftoverViews), []);
    } finally {
      await d.docker(['rm', '-f', id]);
    }
  });

  test('the legacy POST /containers/{id}/copy is gone (a bare 404, as API >= 1.24 answers)', async () => {
    const r = await request('POST', '/v1.41/containers/cp1/copy', Buffer.from('{"Resource":"/d"}'));
    assert.equal(r.status, 404);
    assert.equal(r.body.length, 0);
  });
}

{ // 'hostile paths and tars'
  test('GET: ".." in the path is clamped at the container root', async () => {
    const r = await request('GET', '/v1.41/containers/cp1/archive?path=/d/../../../../etc/passwd');
    assert.equal(r.status, 200);
    assert.ok(r.body.includes(Buffer.from('root:x:0:0:root:/root:/bin/sh')), 'the container\'s passwd, not the host\'s');
  });

  test('GET: a symlink pointing out of the rootfs resolves inside it', async () => {
    const r = await request('GET', `/v1.41/containers/cp1/archive?path=/d/evil/keep`);
    assert.equal(r.status, 404, 'the host marker is not reachable');
    const up = await request('GET', '/v1.41/containers/cp1/archive?path=/d/up/etc/hostname');
    assert.equal(up.status, 200);
    assert.deepEqual(tarList(up.body), ['hostname']);
  });

  test('PUT: through a symlink pointing out of the rootfs lands in the container', async () => {
    await exec('cp1', `mkdir -p ${marker}`);
    ok(await CLIS.docker(['cp', join(host, 'src/f1'), 'cp1:/d/evil/']));
    markerUntouched();
    assert.equal(await exec('cp1', `cat ${marker}/f1`), '1\n');
  });

  const hostile: Array<[string, FixtureEntry[], string]> = [
    ['traversal entries', [{ name: 'ok1', data: 'x' }, { name: `../../../../..${marker}/escaped`, data: 'x' }],
      `Error processing tar file(exit status 1): "../../../../..${marker}/escaped" is outside of "/d/sub"`],
    ['an absolute symlink, then an entry through it', [{ name: 's', type: 'symlink', linkname: marker }, { name: 's/escaped', data: 'x' }],
      'Error processing tar file(exit status 1): "s/escaped" is under a symlink in "/d/sub": parent "s" is a symlink'],
    ['a relative symlink out', [{ name: 'r', type: 'symlink', linkname: `../../../../../..${marker}` }],
      `Error processing tar file(exit status 1): invalid symlink "/d/sub/r" -> "../../../../../..${marker}"`],
    ['a hardlink out (relative)', [{ name: 'h', type: 'link', linkname: `../../../../..${marker}/keep` }],
      `Error processing tar file(exit status 1): invalid hardlink "../../../../..${marker}/keep" -> "/d/sub/h"`],
    ['a hardlink out (absolute)', [{ name: 'h', type: 'link', linkname: `${marker}/keep` }],
      `Error processing tar file(exit status 1): invalid hardlink "${marker}/keep" -> "/d/sub/h"`],
  ];
  for (const [what, entries, message] of hostile) {
    test(`PUT refuses a tar with ${what}; nothing is written outside`, async () => {
      const r = await request('PUT', '/v1.41/containers/cp1/archive?path=/d/sub', tarOf(entries));
      assert.equal(r.status, 500);
      assert.deepEqual(JSON.parse(r.body.toString()), { message });
      markerUntouched();
      assert.equal(await exec('cp1', `ls ${marker} 2>/dev/null | grep -c escaped; rm -rf /d/sub/* /d/sub/.[!.]*; true`), '0\n', 'nor in the container where the link points');
      assert.deepEqual(await settledViews(leftoverViews), []);
    });
  }

  test('the host side refuses a relative symlink out of DEST (both CLIs), nothing written outside', async () => {
    for (const [name, cli] of Object.entries(CLIS)) {
      const out = join(host, `out-evil-${name}`);
      mkdirSync(out);
      const r = await cli(['cp', 'cp1:/d', out]);
      assert.equal(r.code, 1, name);
      assert.equal(r.stderr.trim().split('\n').pop(), `invalid symlink "${out}/d/evil" -> "/../../..${marker}"`, name);
      markerUntouched();
    }
  });
}

{ // 'PUT refusals in Docker\'s words'
  const cases: Array<[string, string, number, string]> = [
    ['a missing directory', 'cp1:/nope', 404, 'Could not find the file /nope in container cp1'],
    ['a file', 'cp1:/d/a/', 500, 'extraction point is not a directory'],
    ['a --read-only rootfs', 'cpro:/tmp/', 500, 'container rootfs is marked read-only'],
  ];
  for (const [what, dest, status, message] of cases) {
    test(`into ${what}`, async () => {
      const [ctr, path] = dest.split(':') as [string, string];
      const r = await request('PUT', `/v1.41/containers/${ctr}/archive?path=${path}`, tarOf([{ name: 'x', data: 'x' }]));
      assert.equal(r.status, status);
      assert.deepEqual(JSON.parse(r.body.toString()), { message });
    });
  }

  test('noOverwriteDirNonDir', async () => {
    const r = await request('PUT', '/v1.41/containers/cp1/archive?path=/d&noOverwriteDirNonDir=1', tarOf([{ name: 'sub', data: 'x' }]));
    assert.equal(r.status, 500);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Error processing tar file(exit status 1): cannot overwrite directory "/d/sub" with non-directory "/d"' });
    const r2 = await request('PUT', '/v1.41/containers/cp1/archive?path=/d&noOverwriteDirNonDir=1', tarOf([{ name: 'a', type: 'directory' }]));
    assert.deepEqual(JSON.parse(r2.body.toString()), { message: 'Error processing tar file(exit status 1): cannot overwrite non-directory "/d/a" with directory "/d"' });
  });
}

for (const [name, cli] of Object.entries(CLIS)) {
  { // `${name} cp`
    test(`${name} cp: a host dir into a running container: new name, into an existing dir, its contents with /.`, async () => {
      ok(await cli(['cp', join(host, 'src'), `cp1:/tmp/${name}-new`]));
      ok(await cli(['cp', join(host, 'src'), `cp1:/tmp/`]));
      ok(await cli(['cp', `${join(host, 'src')}/.`, `cp1:/tmp/${name}-dot`]));
      for (const dir of [`/tmp/${name}-new`, '/tmp/src', `/tmp/${name}-dot`]) {
        assert.equal(await exec('cp1', `cd ${dir} && find . | sort | tr '\\n' ' '; readlink lnk; cat f1 dd/f2`), '. ./dd ./dd/f2 ./f1 ./lnk f1\n1\n2\n', dir);
      }
      assert.equal(await exec('cp1', `stat -c %u:%g /tmp/${name}-new/f1`), '1234:4321\n', 'owners as the tar says (no -a)');
    });

    test(`${name} cp: a file: renamed, into a dir, "no such directory" for a missing dir with a trailing /`, async () => {
      ok(await cli(['cp', join(host, 'src/f1'), `cp1:/tmp/${name}-file`]));
      assert.equal(await exec('cp1', `cat /tmp/${name}-file`), '1\n');
      const r = await cli(['cp', join(host, 'src/f1'), 'cp1:/tmp/missing-dir/']);
      assert.equal(r.code, 1);
      assert.ok(r.stderr.split('\n').includes('no such directory'), r.stderr);
      const missing = await cli(['cp', join(host, 'nofile'), 'cp1:/tmp/']);
      assert.equal(missing.stderr.trim(), `lstat ${join(host, 'nofile')}: no such file or directory`);
    });

    test(`${name} cp: -a owns the files as the container's user`, async () => {
      ok(await cli(['cp', '-a', join(host, 'src'), `cpuser:/tmp/${name}-a`]));
      assert.equal(await exec('cpuser', `stat -c %u:%g /tmp/${name}-a/f1 /tmp/${name}-a/dd`), '65534:65534\n65534:65534\n');
    });

    test(`${name} cp: out of a container: a dir, /., a file, a symlink, -L`, async () => {
      const out = join(host, `out-${name}`);
      mkdirSync(out);
      ok(await cli(['cp', 'cp1:/d/sub', out]));
      assert.ok(lstatSync(join(out, 'sub')).isDirectory());
      ok(await cli(['cp', 'cp1:/d/a', join(out, 'renamed')]));
      assert.equal(readFileSync(join(out, 'renamed'), 'utf8'), 'abc\n');
      assert.equal(lstatSync(join(out, 'renamed')).uid, 0, 'owned by the user who copies, not 1000');
      ok(await cli(['cp', 'cp1:/d/l', join(out, 'link')]));
      assert.equal(readlinkSync(join(out, 'link')), '/etc');
      ok(await cli(['cp', '-L', 'cp1:/d/l', join(out, 'followed')]));
      assert.ok(lstatSync(join(out, 'followed')).isDirectory());
      assert.ok(existsSync(join(out, 'followed/passwd')));
      mkdirSync(join(out, 'dot'));
      ok(await cli(['cp', 'cp1:/d/sub/.', join(out, 'dot')]));
      const r = await cli(['cp', 'cp1:/d/', join(out, 'nonexist/x')]);
      assert.equal(r.stderr.trim(), `invalid output path: directory "${join(out, 'nonexist')}" does not exist`);
      const nf = await cli(['cp', 'cp1:/nope', out]);
      assert.equal(nf.stderr.trim(), 'Error response from daemon: Could not find the file /nope in container cp1');
    });

    test(`${name} cp: "-": a tar on stdout, a tar from stdin`, async () => {
      const r = await runCommand(name === 'docker' ? DOCKER : WHARF_BIN, ['-H', d.host, 'cp', 'cp1:/d/a', '-']);
      assert.equal(r.code, 0, r.stderr);
      const tar = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        http.get({ socketPath: d.socket, path: '/v1.41/containers/cp1/archive?path=/d/a' }, (res) => {
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
        });
      });
      assert.equal(Buffer.byteLength(r.stdout, 'latin1'), tar.length);
      ok(await cli(['cp', '-', `cp1:/tmp/`], tarOf([{ name: `${name}-stdin`, data: 'in' }])));
      assert.equal(await exec('cp1', `cat /tmp/${name}-stdin`), 'in');
      const notDir = await cli(['cp', '-', 'cp1:/d/a'], tarOf([{ name: 'x', data: 'x' }]));
      assert.equal(notDir.stderr.trim(), 'destination "cp1:/d/a" must be a directory');
    });

    test(`${name} cp: a stopped container, both ways`, async () => {
      ok(await cli(['cp', join(host, 'src'), `cpstopped:/${name}-in`]));
      const out = join(host, `stopped-${name}`);
      mkdirSync(out);
      ok(await cli(['cp', `cpstopped:/${name}-in/dd`, out]));
      assert.equal(readFileSync(join(out, 'dd/f2'), 'utf8'), '2\n');
      ok(await cli(['cp', 'cpstopped:/etc/passwd', join(out, 'pw')]));
      assert.ok(readFileSync(join(out, 'pw'), 'utf8').startsWith('root:'));
      assert.deepEqual(await settledViews(leftoverViews), []);
    });

    test(`${name} cp: -q, and no summary without a terminal; errors exit 1`, async () => {
      const r = ok(await cli(['cp', join(host, 'src/f1'), 'cp1:/tmp/']));
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, '');
      assert.equal((await cli(['cp', 'a', 'b'])).stderr.trim(), 'must specify at least one container source');
      assert.equal((await cli(['cp', 'cp1:/a', 'cp1:/b'])).stderr.trim(), 'copying between containers is not supported');
    });
  }
}

test('on a terminal, the summary line (and nothing else) is printed', async () => {
  for (const [name, bin] of [['docker', DOCKER], ['wharf', WHARF_BIN]] as const) {
    const r = await runCommand('script', ['-qc', `${bin} -H ${d.host} cp ${join(host, 'src/f1')} cp1:/tmp/`, '/dev/null']);
    assert.equal(r.stdout, 'Successfully copied 2.05kB to cp1:/tmp/\r\n', name);
    const q = await runCommand('script', ['-qc', `${bin} -H ${d.host} cp -q ${join(host, 'src/f1')} cp1:/tmp/`, '/dev/null']);
    assert.equal(q.stdout, '', `${name} -q`);
  }
});

test('no archive view is left mounted, and the scratch dir is empty', async () => {
  assert.deepEqual(await settledViews(leftoverViews), []);
  const scratch = join(d.execRoot, 'scratch');
  assert.deepEqual(existsSync(scratch) ? readdirSync(scratch).filter((n) => n.startsWith('archive-')) : [], []);
});
