/** The container side of `wharf cp`: the stat header of `HEAD`/`GET /containers/{id}/archive`. */
import type { IncomingMessage } from 'node:http';
import type { Transport } from '../../../client/transport.js';

/** Docker's ContainerPathStat (mode in Go's FileMode bits). */
export interface PathStat { name: string; size: number; mode: number; mtime: string; linkTarget: string }

const GO_DIR = 2 ** 31;
const GO_SYMLINK = 2 ** 27;
const GO_DEVICE = 2 ** 26;
const GO_IRREGULAR = 2 ** 19;

export const isDir = (s: PathStat): boolean => s.mode >= GO_DIR;
export const isSymlink = (s: PathStat): boolean => Math.floor(s.mode / GO_SYMLINK) % 2 === 1;

/** The docker CLI's ValidateOutputPathFileMode: why a mode is not a directory or a regular file, or undefined. */
export function badOutputMode(mode: number): string | undefined {
  if (Math.floor(mode / GO_DEVICE) % 2 === 1) return 'got a device';
  if (Math.floor(mode / GO_IRREGULAR) % 2 === 1) return 'got an irregular file';
  return undefined;
}

/** Decodes the `X-Docker-Container-Path-Stat` header. */
export function statOf(res: IncomingMessage): PathStat {
  const raw = res.headers['x-docker-container-path-stat'];
  return JSON.parse(Buffer.from(String(raw ?? ''), 'base64').toString('utf8') || '{}') as PathStat;
}

/** `HEAD …/archive?path=`: the stat, or undefined when the daemon refuses (any error, as the docker CLI ignores it). */
export async function statPath(t: Transport, container: string, path: string): Promise<PathStat | undefined> {
  try {
    const res = await t.request({ method: 'HEAD', path: `/containers/${encodeURIComponent(container)}/archive`, query: { path } });
    res.resume();
    return statOf(res);
  } catch {
    return undefined;
  }
}
