/**
 * A directory's size as Docker's `system df` counts it (moby pkg/directory.Size): the bytes of every
 * entry that is not a directory, each inode once (hard links count once). Mount points inside
 * are crossed, as Docker crosses them; entries that vanish during the walk are skipped.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function directorySize(root: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const n of names) {
      const p = join(dir, n);
      const st = await lstat(p, { bigint: true }).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) {
        await walk(p);
        continue;
      }
      const key = `${st.dev}:${st.ino}`;
      if (st.nlink > 1n && seen.has(key)) continue;
      seen.add(key);
      total += Number(st.size);
    }
  };
  await walk(root);
  return total;
}
