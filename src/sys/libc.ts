/**
 * The one place Wharf calls libc directly, for syscalls Node lacks: mount/umount2, mknod,
 * extended attributes and SOCK_SEQPACKET sockets. Loaded lazily through koffi (no build step),
 * so processes that never need a syscall (the CLI) never load it.
 * Every wrapper throws a `SyscallError` carrying the errno name (`code`, e.g. 'ENOENT'), like Node's fs.
 */
import { createRequire } from 'node:module';
import { constants as osConstants } from 'node:os';

type Fn = (...args: unknown[]) => number;
interface Libc {
  mount: Fn; umount2: Fn; mknod: Fn; lsetxattr: Fn; lgetxattr: Fn; llistxattr: Fn;
  socket: Fn; connect: Fn; close: Fn; flock: Fn;
}

let libc: Libc | undefined;
let koffiMod: { errno(): number; load(p: string): { func(sig: string): Fn } } | undefined;

function lib(): Libc {
  if (libc) return libc;
  const require = createRequire(import.meta.url);
  const koffi = require('koffi') as NonNullable<typeof koffiMod>;
  koffiMod = koffi;
  const l = koffi.load('libc.so.6');
  libc = {
    mount: l.func('int mount(const char *src, const char *target, const char *fstype, unsigned long flags, const char *data)'),
    umount2: l.func('int umount2(const char *target, int flags)'),
    mknod: l.func('int mknod(const char *path, uint32_t mode, uint64_t dev)'),
    lsetxattr: l.func('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)'),
    lgetxattr: l.func('intptr_t lgetxattr(const char *path, const char *name, _Out_ void *value, size_t size)'),
    llistxattr: l.func('intptr_t llistxattr(const char *path, _Out_ void *list, size_t size)'),
    socket: l.func('int socket(int domain, int type, int protocol)'),
    connect: l.func('int connect(int fd, const void *addr, uint32_t len)'),
    close: l.func('int close(int fd)'),
    flock: l.func('int flock(int fd, int op)'),
  };
  return libc;
}

const ERRNO_NAMES = new Map<number, string>(
  Object.entries(osConstants.errno).map(([name, num]) => [num, name]),
);

export class SyscallError extends Error {
  constructor(readonly syscall: string, readonly errno: number, readonly path?: string) {
    const code = ERRNO_NAMES.get(errno) ?? `E${errno}`;
    super(`${syscall} ${path ?? ''}: ${code}`.replace('  ', ' '));
    this.code = code;
  }
  readonly code: string;
}

function check(ret: number, syscall: string, path?: string): number {
  if (ret < 0) throw new SyscallError(syscall, koffiMod!.errno(), path);
  return ret;
}

export const MS_RDONLY = 1;
export const MNT_DETACH = 2;
export const MS_BIND = 4096;
export const MS_REC = 16384;

export function mount(source: string, target: string, fstype: string | null, flags: number, data: string | null): void {
  check(lib().mount(source, target, fstype, flags, data), 'mount', target);
}

export function umount2(target: string, flags = 0): void {
  check(lib().umount2(target, flags), 'umount2', target);
}

export const S_IFCHR = 0o020000;
export const S_IFBLK = 0o060000;
export const S_IFIFO = 0o010000;

/** Linux's makedev for 32-bit major/minor. */
export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffff000n) << 32n) | ((ma & 0xfffn) << 8n) | ((mi & 0xffffff00n) << 12n) | (mi & 0xffn);
}

/** mknod(2): `mode` includes the file type bits (S_IFCHR…). */
export function mknod(path: string, mode: number, major = 0, minor = 0): void {
  check(lib().mknod(path, mode, makedev(major, minor)), 'mknod', path);
}

export function lsetxattr(path: string, name: string, value: Buffer): void {
  check(lib().lsetxattr(path, name, value, value.length, 0), 'lsetxattr', path);
}

/** Value of an xattr, or undefined when the file does not have it (ENODATA). */
export function lgetxattr(path: string, name: string): Buffer | undefined {
  const buf = Buffer.alloc(64 * 1024);
  const n = lib().lgetxattr(path, name, buf, buf.length);
  if (n < 0) {
    const errno = koffiMod!.errno();
    if (errno === osConstants.errno.ENODATA) return undefined;
    throw new SyscallError('lgetxattr', errno, path);
  }
  return Buffer.from(buf.subarray(0, n));
}

/** Names of a file's xattrs (empty when the filesystem has none or does not support them). */
export function llistxattr(path: string): string[] {
  const buf = Buffer.alloc(64 * 1024);
  const n = lib().llistxattr(path, buf, buf.length);
  if (n < 0) {
    const errno = koffiMod!.errno();
    if (errno === osConstants.errno.ENOTSUP) return [];
    throw new SyscallError('llistxattr', errno, path);
  }
  return buf.subarray(0, n).toString('latin1').split('\0').filter(Boolean);
}

const AF_UNIX = 1;
const SOCK_SEQPACKET = 5;
const SOCK_CLOEXEC = 0o2000000;

/** Opens and connects a SOCK_SEQPACKET unix socket; returns the fd (the caller owns it). */
export function connectSeqpacket(path: string): number {
  const l = lib();
  const fd = check(l.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), 'socket');
  const pathBytes = Buffer.from(path);
  if (pathBytes.length > 107) {
    l.close(fd);
    throw new SyscallError('connect', osConstants.errno.ENAMETOOLONG, path);
  }
  const addr = Buffer.alloc(110);
  addr.writeUInt16LE(AF_UNIX, 0);
  pathBytes.copy(addr, 2);
  if (l.connect(fd, addr, 2 + pathBytes.length + 1) < 0) {
    const errno = koffiMod!.errno();
    l.close(fd);
    throw new SyscallError('connect', errno, path);
  }
  return fd;
}

export function closeFd(fd: number): void {
  lib().close(fd);
}

const LOCK_EX = 2;
const LOCK_NB = 4;

/** Takes an exclusive flock on `fd` without waiting; false if another process holds it. Released when the process dies. */
export function tryLockExclusive(fd: number): boolean {
  if (lib().flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const errno = koffiMod!.errno();
  if (errno === osConstants.errno.EWOULDBLOCK) return false;
  throw new SyscallError('flock', errno);
}
