/**
 * Path resolution in a container's root (moby's FollowSymlinkInScope and ResolvePath): hostile
 * symlinks and ".." never leave the root; the stat header is byte for byte the reference's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { statHeader } from '../../../api/routes/container-archive.js';
import { goFileMode, goTime, type PathStat } from './path-stat.js';
import { followInScope, resolveInScope, ScopeError } from './scope.js';

const root = mkdtempSync(join(tmpdir(), 'wharf-scope-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'd/sub'), { recursive: true });
writeFileSync(join(root, 'd/a'), 'abc');
symlinkSync('/etc', join(root, 'd/l'));
symlinkSync('../../../..', join(root, 'd/up'));
symlinkSync('/../../..', join(root, 'd/absup'));
symlinkSync('loop2', join(root, 'loop1'));
symlinkSync('loop1', join(root, 'loop2'));
symlinkSync('sub', join(root, 'd/rel'));
mkdirSync(join(root, 'etc'));

describe('followInScope', () => {
  it('resolves an absolute symlink from the container root, not the host\'s', () => {
    assert.equal(followInScope(root, '/d/l'), '/etc');
    assert.equal(followInScope(root, '/d/l/passwd'), '/etc/passwd');
  });
  it('clamps a relative symlink that climbs above the root (up -> ../../../..)', () => {
    assert.equal(followInScope(root, '/d/up'), '/');
    assert.equal(followInScope(root, '/d/up/etc/hostname'), '/etc/hostname');
  });
  it('clamps an absolute symlink with ".." (absup -> /../../..)', () => assert.equal(followInScope(root, '/d/absup/x'), '/x'));
  it('clamps ".." in the path itself', () => assert.equal(followInScope(root, '/d/../../../etc/x'), '/etc/x'));
  it('takes relative paths from "/" and follows relative links', () => assert.equal(followInScope(root, 'd/rel'), '/d/sub'));
  it('bounds the number of links followed', () => assert.throws(() => followInScope(root, '/loop1'), ScopeError));
  it('refuses a path through a file', () => assert.throws(() => followInScope(root, '/d/a/x'), ScopeError));
});

describe('resolveInScope (Docker\'s ResolvePath)', () => {
  it('keeps a final symlink unless the path ends in "/" or "/."', () => {
    assert.deepEqual(resolveInScope(root, '/d/l'), { resolved: '/d/l', abs: '/d/l' });
    assert.deepEqual(resolveInScope(root, '/d/l/'), { resolved: '/etc/', abs: '/d/l/' });
    assert.deepEqual(resolveInScope(root, '/d/l/.'), { resolved: '/etc/.', abs: '/d/l/.' });
    assert.deepEqual(resolveInScope(root, 'd/up/etc'), { resolved: '/etc', abs: '/d/up/etc' });
  });
});

describe('X-Docker-Container-Path-Stat', () => {
  // The reference's headers for the same paths (docker 20.10, busybox, /d made by the test above).
  const mtime = goTime(1796181193_633225010n);
  const cases: Array<[string, PathStat, string]> = [
    ['a directory', { name: 'd', size: 4096, mode: goFileMode(0o40755), mtime, linkTarget: '' },
      'eyJuYW1lIjoiZCIsInNpemUiOjQwOTYsIm1vZGUiOjIxNDc0ODQxNDEsIm10aW1lIjoiMjAyNi0xMi0wMlQwMzoxMzoxMy42MzMyMjUwMVoiLCJsaW5rVGFyZ2V0IjoiIn0='],
    ['a symlink', { name: 'l', size: 4, mode: goFileMode(0o120777), mtime, linkTarget: '/etc' },
      'eyJuYW1lIjoibCIsInNpemUiOjQsIm1vZGUiOjEzNDIxODIzOSwibXRpbWUiOiIyMDI2LTEyLTAyVDAzOjEzOjEzLjYzMzIyNTAxWiIsImxpbmtUYXJnZXQiOiIvZXRjIn0='],
    ['a clamped symlink', { name: 'up', size: 11, mode: goFileMode(0o120777), mtime, linkTarget: '/' },
      'eyJuYW1lIjoidXAiLCJzaXplIjoxMSwibW9kZSI6MTM0MjE4MjM5LCJtdGltZSI6IjIwMjYtMTItMDJUMDM6MTM6MTMuNjMzMjI1MDFaIiwibGlua1RhcmdldCI6Ii8ifQ=='],
  ];
  for (const [what, stat, expected] of cases) it(`is the reference's bytes for ${what}`, () => assert.equal(statHeader(stat), expected));

  it('a file: mode 420, Go\'s type bits for the rest', () => {
    assert.equal(goFileMode(0o100644), 420);
    assert.equal(goFileMode(0o104755), 2 ** 23 + 0o755, 'setuid');
    assert.equal(goFileMode(0o41777), 2 ** 31 + 2 ** 20 + 0o777, 'sticky dir');
    assert.equal(goFileMode(0o20666), 2 ** 26 + 2 ** 21 + 0o666, 'char device');
  });
  it('drops trailing zeros of the nanoseconds, and the fraction when zero', () => {
    assert.equal(goTime(1796181193_000000000n), '2026-12-02T03:13:13Z');
    assert.equal(goTime(1_500_000_000n), '1970-01-01T00:00:01.5Z');
  });
});
