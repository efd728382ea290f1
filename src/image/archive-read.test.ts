import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memberName, readArchive, storeMember } from './archive-read.js';
import { LocalContentStore } from '../content/store.js';
import { tarOf, streamOf } from '../archive/fixture-tar.js';

test('member names: leading ./ and / are dropped; climbing out is refused', () => {
  assert.equal(memberName('./manifest.json'), 'manifest.json');
  assert.equal(memberName('/blobs/sha256/x'), 'blobs/sha256/x');
  assert.equal(memberName('a/b/'), 'a/b');
  for (const bad of ['../x', 'a/../../x', 'a/..', 'x\0y']) assert.throws(() => memberName(bad), { code: 'INVALID_ARCHIVE' }, bad);
});

test('readArchive keeps small members in memory, resolves links, refuses links out', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wharf-ar-'));
  try {
    const content = new LocalContentStore(root);
    await content.init();
    const tar = tarOf([
      { name: 'a.json', data: '{"x":1}' },
      { name: 'dir/link.json', type: 'symlink', linkname: '../a.json' },
    ]);
    const a = await readArchive(streamOf(tar, 100), content);
    assert.equal(a.files.get('dir/link.json')?.digest, a.files.get('a.json')?.digest);
    assert.equal(a.files.get('a.json')?.data?.toString(), '{"x":1}');
    assert.equal((await content.list()).length, 0, 'nothing stored until used');
    await storeMember(content, a.files.get('a.json')!);
    assert.equal((await content.list()).length, 1);
    const evil = tarOf([{ name: 'l', type: 'symlink', linkname: '../../etc/passwd' }]);
    await assert.rejects(readArchive(streamOf(evil), content), { code: 'INVALID_ARCHIVE' });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
