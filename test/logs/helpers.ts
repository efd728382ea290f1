/**
 * What the log suites share: containers made over the API, their inspect, and the files of their
 * log on disk (`<id>-json.log` and the rotated `.1` … beside it).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResponse, TestDaemon } from '../helpers/daemon.js';

/** `POST /containers/create` with `HostConfig.LogConfig` set (or not) and `Cmd`. */
export function createWithLog(d: TestDaemon, cmd: string[], logConfig?: unknown, name?: string): Promise<ApiResponse> {
  const q = name ? `?name=${name}` : '';
  return d.api('POST', `/v1.50/containers/create${q}`, { Image: 'busybox', Cmd: cmd, HostConfig: logConfig === undefined ? {} : { LogConfig: logConfig } });
}

/** The inspect document of a container (throws unless 200). */
export async function inspect(d: TestDaemon, id: string): Promise<any> {
  const r = await d.api('GET', `/v1.50/containers/${id}/json`);
  if (r.status !== 200) throw new Error(`inspect ${id}: ${r.status} ${r.body}`);
  return r.json();
}

/** The files of a container's log, by name (`-json.log`, `-json.log.1`, …) with their sizes. */
export function logFiles(d: TestDaemon, id: string): Map<string, number> {
  const dir = join(d.dataRoot, 'containers', id);
  const out = new Map<string, number>();
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(`${id}-json.log`)) continue;
    const st = statSync(join(dir, f), { throwIfNoEntry: false });
    if (st) out.set(f.slice(id.length), st.size);
  }
  return out;
}

/** Every container the daemon knows, whatever its state. */
export async function allContainers(d: TestDaemon): Promise<Array<{ Id: string; Names: string[]; State: string }>> {
  return (await d.api('GET', '/v1.50/containers/json?all=1')).json();
}

/** Lines of text without the final empty one. */
export function lines(text: string): string[] {
  const l = text.split('\n');
  if (l.at(-1) === '') l.pop();
  return l;
}

/** Asserts `got` is a run of consecutive integers, in order, ending at `last`; returns its first. */
export function consecutiveEndingAt(got: string[], last: number): number {
  const first = Number(got[0]);
  const bad = got.findIndex((l, i) => l !== String(first + i));
  if (bad >= 0) throw new Error(`line ${bad} is ${JSON.stringify(got[bad])}, expected ${first + bad} (a gap or a duplicate)`);
  if (Number(got.at(-1)) !== last) throw new Error(`the last line is ${got.at(-1)}, expected ${last}`);
  return first;
}

/** Docker's `docker run` error text for a daemon error `msg` (exit 125). */
export const runError = (msg: string) => `docker: Error response from daemon: ${msg}\n\nRun 'docker run --help' for more information\n`;
