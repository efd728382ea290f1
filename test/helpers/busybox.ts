/**
 * A busybox root filesystem tarball made from Debian's busybox-static, the test image of every
 * integration suite (there is no Docker Hub here). Built once per process, cached in a temp dir
 * that is removed when the process exits.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, symlinkSync, writeFileSync, chmodSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let cached: string | undefined;

export function busyboxTar(): string {
  if (cached && existsSync(cached)) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'wharf-busybox-'));
  // The cache lives as long as this test process: without this, every suite left one behind.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'root');
  for (const d of ['bin', 'etc', 'tmp', 'root']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  const applets = execFileSync(join(root, 'bin/busybox'), ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(root, 'bin', a));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  chmodSync(join(root, 'tmp'), 0o1777);
  const tar = join(dir, 'busybox.tar');
  execFileSync('tar', ['-C', root, '-cf', tar, '.']);
  rmSync(root, { recursive: true, force: true });
  cached = tar;
  return tar;
}
