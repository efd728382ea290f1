/**
 * aardvark-dns's state under netavark's `--config` dir. netavark starts aardvark-dns itself when a
 * network has `dns_enabled`, with `--config <config>/aardvark-dns -p 53 run`, and writes one file per
 * network there: the first line holds the network's DNS listen addresses (its gateways) and its
 * `network_dns_servers`, every other line one container: `<id> <ipv4s> <ipv6s> <names> <dns_servers>`
 * (lists comma-separated, empty when none; the last column only when the container has some).
 * aardvark-dns writes its pid to `aardvark.pid` in the same dir. netavark stops it when the last
 * entry goes; this module reads that state and stops a leftover server.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One container's line in an aardvark-dns network file. */
export interface AardvarkEntry {
  containerId: string;
  ipv4: string[];
  ipv6: string[];
  names: string[];
  /** The container's own upstream servers (`dns_servers`). */
  dnsServers: string[];
}

/** The aardvark-dns config dir that netavark uses for a given `--config` dir. */
export function aardvarkDir(configDir: string): string {
  return join(configDir, 'aardvark-dns');
}

/** The entries of one network, or undefined when aardvark-dns has no file for it. */
export async function readAardvarkEntries(configDir: string, network: string): Promise<AardvarkEntry[] | undefined> {
  const text = await readOrUndefined(join(aardvarkDir(configDir), network));
  if (text === undefined) return undefined;
  return text.split('\n').slice(1).filter((l) => l.trim()).map(parseEntry);
}

function parseEntry(line: string): AardvarkEntry {
  // Empty lists leave two spaces in a row, so split on single spaces.
  const [containerId = '', v4 = '', v6 = '', names = '', servers = ''] = line.split(' ');
  const list = (s: string): string[] => s.split(',').filter(Boolean);
  return { containerId, ipv4: list(v4), ipv6: list(v6), names: list(names), dnsServers: list(servers) };
}

/**
 * The pid of the aardvark-dns serving this config dir, when its pid file names a live aardvark-dns
 * (not a reused pid, not a zombie waiting for its reaper).
 */
export async function aardvarkPid(configDir: string): Promise<number | undefined> {
  const text = await readOrUndefined(join(aardvarkDir(configDir), 'aardvark.pid'));
  const pid = Number(text?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = await readOrUndefined(`/proc/${pid}/stat`);
  // /proc/<pid>/stat: "<pid> (<comm>) <state> …"
  const m = stat && /^\d+ \((.*)\) (\S)/.exec(stat);
  return m && m[1] === 'aardvark-dns' && m[2] !== 'Z' ? pid : undefined;
}

/** Stops the aardvark-dns of this config dir, if one runs (after a crash netavark did not see). */
export async function stopAardvark(configDir: string): Promise<boolean> {
  const pid = await aardvarkPid(configDir);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  return true;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
