/** Disk usage of a snapshot's changes (a container's SizeRw). */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of the regular files under `dir` (0 when it does not exist). */
export async function treeSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const st = await lstat(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).catch(() => undefined);
    total += st?.size ?? 0;
  }
  return total;
}
