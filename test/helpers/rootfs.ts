/** A minimal root filesystem for runtime tests: the host's static busybox with the given applets. */
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Makes (once) `<root>/rootfs` with /bin/busybox and `applets` linked to it; returns its path. */
export function busyboxRootfs(root: string, applets: string[]): string {
  const dir = join(root, 'rootfs');
  if (existsSync(dir)) return dir;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const d of ['etc', 'proc', 'sys', 'dev', 'tmp']) mkdirSync(join(dir, d));
  copyFileSync('/bin/busybox', join(dir, 'bin/busybox'));
  for (const a of applets) symlinkSync('busybox', join(dir, 'bin', a));
  return dir;
}
