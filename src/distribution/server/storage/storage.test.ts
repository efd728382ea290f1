import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sha256Digest, type Digest } from '../../../oci/digest.js';
import { RegistryError } from '../errors.js';
import { BlobStore } from './blob-store.js';
import { Layout } from './layout.js';
import { RepoStore } from './repo-store.js';
import { UploadManager } from './uploads.js';

async function withRoot(fn: (l: Layout, blobs: BlobStore) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'regstore-'));
  try {
    const l = new Layout(dir);
    await fn(l, new BlobStore(l));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const codeOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: RegistryError) => e.code);

/** A stream that yields `good` and then fails. */
function failing(good: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(good);
      } else this.destroy(new Error('client went away'));
    },
  });
}

describe('upload sessions', () => {
  it('resume after a restart: a new manager rebuilds offset and hash from the file', async () => {
    await withRoot(async (l, blobs) => {
      const a = new UploadManager(l, blobs, { maxSessions: 10 });
      const s = await a.create('r');
      await a.append(s.id, 'r', Readable.from([Buffer.from('hello ')]), { start: 0 });
      const b = new UploadManager(l, blobs, { maxSessions: 10 });
      assert.equal((await b.status(s.id, 'r')).offset, 6);
      await b.append(s.id, 'r', Readable.from([Buffer.from('world')]), { start: 6 });
      const d = await b.complete(s.id, 'r', sha256Digest('hello world'));
      assert.equal(d, sha256Digest('hello world'));
      assert.equal(await blobs.size(d), 11);
      assert.deepEqual(await readdir(l.uploadsDir), []);
    });
  });

  it('rolls back a chunk that fails or is short, keeping offset and hash consistent', async () => {
    await withRoot(async (l, blobs) => {
      const m = new UploadManager(l, blobs, { maxSessions: 10 });
      const s = await m.create('r');
      await m.append(s.id, 'r', Readable.from([Buffer.from('abc')]));
      await assert.rejects(m.append(s.id, 'r', failing(Buffer.from('XYZ'))));
      assert.equal((await m.status(s.id, 'r')).offset, 3);
      assert.equal((await stat(join(l.uploadDir(s.id), 'data'))).size, 3);
      assert.equal(await codeOf(m.append(s.id, 'r', Readable.from([Buffer.from('de')]), { length: 5 })), 'SIZE_INVALID');
      assert.equal(await codeOf(m.append(s.id, 'r', Readable.from([Buffer.from('de')]), { start: 4 })), 'RANGE_INVALID');
      await m.append(s.id, 'r', Readable.from([Buffer.from('def')]), { start: 3, length: 3 });
      assert.equal(await m.complete(s.id, 'r', sha256Digest('abcdef')), sha256Digest('abcdef'));
    });
  });

  it('caps the total size, binds sessions to their repository, and purges old ones', async () => {
    await withRoot(async (l, blobs) => {
      const m = new UploadManager(l, blobs, { maxSessions: 10 });
      const s = await m.create('r');
      assert.equal(await codeOf(m.append(s.id, 'r', Readable.from([Buffer.alloc(10)]), { maxTotal: 5 })), 'SIZE_INVALID');
      assert.equal(await codeOf(m.status(s.id, 'other')), 'BLOB_UPLOAD_UNKNOWN');
      assert.equal(await codeOf(m.status('../../etc', 'r')), 'BLOB_UPLOAD_UNKNOWN');
      assert.equal(await m.purge(60_000), 0);
      assert.equal(await m.purge(60_000, Date.now() + 120_000), 1);
      assert.equal(await codeOf(m.status(s.id, 'r')), 'BLOB_UPLOAD_UNKNOWN');
    });
  });
});

describe('repository links', () => {
  it('records manifests, tags (ASCII order), referrers and repositories', async () => {
    await withRoot(async (l, blobs) => {
      const repos = new RepoStore(l);
      const d = await blobs.putBytes(Buffer.from('{"schemaVersion":2}'));
      const subject = sha256Digest('subject') as Digest;
      await repos.putManifest('a/b', d, { mediaType: 'x/y', size: 19, subject });
      await repos.addReferrer('a/b', subject, { mediaType: 'x/y', digest: d, size: 19 });
      for (const t of ['v2', 'V1', 'latest']) await repos.setTag('a/b', t, d);
      await repos.linkLayer('c', sha256Digest('layer'));
      assert.deepEqual(await repos.listTags('a/b'), ['V1', 'latest', 'v2']);
      assert.deepEqual(await repos.listRepositories(), ['a/b', 'c']);
      assert.equal((await repos.listReferrers('a/b', subject)).length, 1);
      assert.equal(await repos.deleteManifest('a/b', d), true);
      assert.deepEqual(await repos.listTags('a/b'), []);
      assert.deepEqual(await repos.listReferrers('a/b', subject), []);
      assert.equal(await repos.deleteManifest('a/b', d), false);
    });
  });
});
