/**
 * `mount -o` option strings as Docker's local volume driver reads them (moby's pkg/mount
 * ParseOptions): the names that are mount(2) flags become flags, the rest is the filesystem's data
 * string, passed on as given (`size=1m,uid=1000` for tmpfs). Propagation flags are kept apart,
 * because the kernel takes them only in a mount(2) call of their own.
 */

export const MS_RDONLY = 1;
export const MS_NOSUID = 2;
export const MS_NODEV = 4;
export const MS_NOEXEC = 8;
export const MS_SYNCHRONOUS = 16;
export const MS_REMOUNT = 32;
export const MS_MANDLOCK = 64;
export const MS_DIRSYNC = 128;
export const MS_NOATIME = 1024;
export const MS_NODIRATIME = 2048;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MS_UNBINDABLE = 1 << 17;
export const MS_PRIVATE = 1 << 18;
export const MS_SLAVE = 1 << 19;
export const MS_SHARED = 1 << 20;
export const MS_RELATIME = 1 << 21;
export const MS_STRICTATIME = 1 << 24;

/** The propagation bits: applied by a second mount(2) call after the mount itself. */
export const PROPAGATION_FLAGS = MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED;

/** Option name → [clears the flag, flag], as moby's flags table. */
const FLAGS: Record<string, [boolean, number]> = {
  defaults: [false, 0], ro: [false, MS_RDONLY], rw: [true, MS_RDONLY], suid: [true, MS_NOSUID], nosuid: [false, MS_NOSUID],
  dev: [true, MS_NODEV], nodev: [false, MS_NODEV], exec: [true, MS_NOEXEC], noexec: [false, MS_NOEXEC],
  sync: [false, MS_SYNCHRONOUS], async: [true, MS_SYNCHRONOUS], dirsync: [false, MS_DIRSYNC], remount: [false, MS_REMOUNT],
  mand: [false, MS_MANDLOCK], nomand: [true, MS_MANDLOCK], atime: [true, MS_NOATIME], noatime: [false, MS_NOATIME],
  diratime: [true, MS_NODIRATIME], nodiratime: [false, MS_NODIRATIME], bind: [false, MS_BIND], rbind: [false, MS_BIND | MS_REC],
  unbindable: [false, MS_UNBINDABLE], runbindable: [false, MS_UNBINDABLE | MS_REC], private: [false, MS_PRIVATE],
  rprivate: [false, MS_PRIVATE | MS_REC], shared: [false, MS_SHARED], rshared: [false, MS_SHARED | MS_REC],
  slave: [false, MS_SLAVE], rslave: [false, MS_SLAVE | MS_REC], relatime: [false, MS_RELATIME], norelatime: [true, MS_RELATIME],
  strictatime: [false, MS_STRICTATIME], nostrictatime: [true, MS_STRICTATIME],
};

export interface ParsedMountOptions {
  /** mount(2) flags of the mount itself (no propagation bits). */
  flags: number;
  /** Propagation bits (with MS_REC when recursive); 0 when none was asked. */
  propagation: number;
  /** The filesystem's own options, comma-joined; '' when none. */
  data: string;
}

/** Splits a `-o` string (`bind,ro`, `size=1m,uid=1000`) into flags and data. */
export function parseMountOptions(options: string): ParsedMountOptions {
  let flags = 0;
  const data: string[] = [];
  for (const o of options.split(',')) {
    if (o === '') continue;
    const known = FLAGS[o];
    if (!known) data.push(o);
    else if (known[0]) flags &= ~known[1];
    else flags |= known[1];
  }
  const propagation = flags & PROPAGATION_FLAGS;
  return { flags: flags & ~PROPAGATION_FLAGS, propagation: propagation ? propagation | (flags & MS_REC) : 0, data: data.join(',') };
}
