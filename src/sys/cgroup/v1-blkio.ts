/**
 * cgroup v1 blkio statistics, read as containerd's v1 reader (what Docker 20.10 reports) does: the
 * CFQ files (`blkio.*_recursive`) when the kernel has them and they hold any entry, otherwise the
 * throttle files (`blkio.throttle.io_serviced`, `blkio.throttle.io_service_bytes`), which every
 * blkio cgroup has. `Total` lines are left out.
 */
import { parseDevice, readText, toU64 } from './files.js';
import type { BlkioEntry, V1Blkio } from './types.js';

type ListName = keyof V1Blkio;

const CFQ: Array<[string, ListName]> = [
  ['blkio.sectors_recursive', 'sectorsRecursive'],
  ['blkio.io_service_bytes_recursive', 'ioServiceBytesRecursive'],
  ['blkio.io_serviced_recursive', 'ioServicedRecursive'],
  ['blkio.io_queued_recursive', 'ioQueuedRecursive'],
  ['blkio.io_service_time_recursive', 'ioServiceTimeRecursive'],
  ['blkio.io_wait_time_recursive', 'ioWaitTimeRecursive'],
  ['blkio.io_merged_recursive', 'ioMergedRecursive'],
  ['blkio.time_recursive', 'ioTimeRecursive'],
];

const THROTTLE: Array<[string, ListName]> = [
  ['blkio.throttle.io_serviced', 'ioServicedRecursive'],
  ['blkio.throttle.io_service_bytes', 'ioServiceBytesRecursive'],
];

/** `MAJ:MIN Op value` (or `MAJ:MIN value` for sectors and time) lines; `Total` lines skipped. */
export function parseBlkioFile(text: string): BlkioEntry[] {
  const out: BlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const dev = parseDevice(f[0]);
    if (!dev || f.length < 2) continue;
    const [op, value] = f.length >= 3 ? [f[1]!, f[2]] : ['', f[1]];
    out.push({ ...dev, op, value: toU64(value) });
  }
  return out;
}

function empty(): V1Blkio {
  return {
    ioServiceBytesRecursive: [], ioServicedRecursive: [], ioQueuedRecursive: [], ioServiceTimeRecursive: [],
    ioWaitTimeRecursive: [], ioMergedRecursive: [], ioTimeRecursive: [], sectorsRecursive: [],
  };
}

async function fill(dir: string | undefined, files: Array<[string, ListName]>): Promise<V1Blkio> {
  const out = empty();
  for (const [file, list] of files) out[list] = parseBlkioFile(await readText(dir, file));
  return out;
}

/** The blkio statistics of the cgroup directory `dir`. */
export async function readV1Blkio(dir: string | undefined): Promise<V1Blkio> {
  const cfq = await fill(dir, CFQ);
  if (Object.values(cfq).some((l) => l.length > 0)) return cfq;
  return fill(dir, THROTTLE);
}
