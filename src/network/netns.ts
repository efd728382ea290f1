/**
 * Network namespaces that outlive their process: a new namespace bind-mounted on a file, the way
 * `ip netns add` does it. Named ones live at /run/netns/<name>, where `ip netns` sees them; unnamed
 * ones at any path the caller picks (e.g. under Wharf's exec-root). Removing one unmounts the file;
 * the kernel frees the namespace, and the interfaces and firewall rules in it, once no process and
 * no other mount holds it.
 */
import { execFile } from 'node:child_process';
import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MNT_DETACH, SyscallError, umount2 } from '../sys/libc.js';

/** Where `ip netns` keeps named namespaces. */
export const NETNS_RUN_DIR = '/run/netns';

/** The file of a named namespace. */
export function namedNetnsPath(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new NetnsError(`invalid network namespace name ${JSON.stringify(name)}`);
  return join(NETNS_RUN_DIR, name);
}

export class NetnsError extends Error {
  override readonly name = 'NetnsError';
}

/**
 * Makes a new network namespace bound at `path`, which must not exist yet. util-linux's
 * `unshare --net=<file>` does the unshare and the bind mount in one short-lived process, so Node's
 * own threads never change namespace.
 */
export async function createNetns(path: string, timeoutMs = 10_000): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'wx').catch((e: NodeJS.ErrnoException) => {
    throw new NetnsError(e.code === 'EEXIST' ? `network namespace ${path} already exists` : e.message);
  });
  await fh.close();
  try {
    await run('unshare', [`--net=${path}`, 'true'], timeoutMs);
  } catch (e) {
    await unlink(path).catch(() => {});
    throw e;
  }
  return path;
}

/** Makes the named namespace `name` (like `ip netns add name`) and returns its path. */
export function createNamedNetns(name: string, timeoutMs?: number): Promise<string> {
  return createNetns(namedNetnsPath(name), timeoutMs);
}

/** Unmounts and deletes a namespace file; a path that is gone or not mounted is fine. */
export async function removeNetns(path: string): Promise<void> {
  try {
    umount2(path, MNT_DETACH);
  } catch (e) {
    // EINVAL: not a mount point (a file left by a crash); ENOENT: already gone.
    if (!(e instanceof SyscallError && (e.code === 'EINVAL' || e.code === 'ENOENT'))) throw e;
  }
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

/** Runs a short-lived tool (unshare, ip) with a time limit; its stderr is the error's message. */
export function run(file: string, args: string[], timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, _out, stderr) => {
      if (err) reject(new NetnsError(`${file} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve();
    });
  });
}
