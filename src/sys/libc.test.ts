import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mknod, S_IFCHR, lsetxattr, lgetxattr, llistxattr, mount, umount2, SyscallError } from './libc.js';

test('mknod makes a 0:0 character device (an overlay whiteout)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-libc-'));
  try {
    mknod(join(dir, 'wh'), S_IFCHR | 0o644, 0, 0);
    const st = statSync(join(dir, 'wh'));
    assert.ok(st.isCharacterDevice());
    assert.equal(st.rdev, 0);
    assert.throws(() => mknod(join(dir, 'wh'), S_IFCHR, 0, 0), (e: unknown) => e instanceof SyscallError && e.code === 'EEXIST');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('xattrs round-trip, including trusted.overlay.opaque', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-libc-'));
  try {
    lsetxattr(dir, 'trusted.overlay.opaque', Buffer.from('y'));
    assert.equal(lgetxattr(dir, 'trusted.overlay.opaque')?.toString(), 'y');
    assert.ok(llistxattr(dir).includes('trusted.overlay.opaque'));
    assert.equal(lgetxattr(dir, 'user.absent'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mount and umount2 an overlay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-libc-'));
  const [lower, upper, work, merged] = ['l', 'u', 'w', 'm'].map((n) => join(dir, n)) as [string, string, string, string];
  try {
    for (const d of [lower, upper, work, merged]) mkdirSync(d);
    writeFileSync(join(lower, 'f'), 'lower');
    mount('overlay', merged, 'overlay', 0, `lowerdir=${lower},upperdir=${upper},workdir=${work}`);
    try {
      assert.equal(readFileSync(join(merged, 'f'), 'utf8'), 'lower');
      writeFileSync(join(merged, 'g'), 'new');
      assert.equal(readFileSync(join(upper, 'g'), 'utf8'), 'new');
    } finally {
      umount2(merged);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
