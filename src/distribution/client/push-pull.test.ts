/**
 * The pusher and puller against a real registry (ours, in process on loopback): chunked uploads,
 * HEAD-first skips, mounts, and a pull that verifies every byte, into an in-memory target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { defaultConfig } from '../server/config.js';
import { RegistryServer } from '../server/server.js';
import type { Digest } from '../../oci/digest.js';
import type { Descriptor } from '../../oci/descriptor.js';
import { RegistryClient } from './client.js';
import { Pusher, type PushImage } from './pusher.js';
import { Puller, type PullTarget } from './puller.js';
import { RegistryContentError } from './errors.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}` as Digest;

/** A one-file layer tar (enough for the puller: the target here only checks digests). */
function layer(size: number): { gz: Buffer; diffId: Digest } {
  const data = randomBytes(size);
  const header = Buffer.alloc(512);
  header.write('f', 0);
  header.write('0000644\0', 100);
  header.write(size.toString(8).padStart(11, '0') + '\0', 124);
  const tar = Buffer.concat([header, data, Buffer.alloc((512 - (size % 512)) % 512), Buffer.alloc(1024)]);
  return { gz: gzipSync(tar), diffId: sha(tar) };
}

function image(layers: Array<{ gz: Buffer; diffId: Digest }>) {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l.gz), size: l.gz.length })),
  }));
  const blobs = new Map<string, Buffer>([[sha(config), config], ...layers.map((l) => [sha(l.gz), l.gz] as [string, Buffer])]);
  const push: PushImage = {
    manifest: { mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: manifest, digest: sha(manifest) },
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: layers.map((l) => ({ blob: { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l.gz), size: l.gz.length }, diffId: l.diffId, mountFrom: ['src/repo'] })),
  };
  const source = { read: async (d: Digest, r?: { offset: number; length: number }) => Readable.from([r ? blobs.get(d)!.subarray(r.offset, r.offset + r.length) : blobs.get(d)!]) };
  return { push, source, digest: sha(manifest) };
}

/** Keeps blobs in memory, checking each layer's digest and diffID as the engine's target does. */
class MemoryTarget implements PullTarget {
  blobs = new Map<string, Buffer>();
  async hold(): Promise<void> {}
  hasImage(): boolean { return false; }
  async hasLayer(_d: Digest, blob: Descriptor): Promise<boolean> { return this.blobs.has(blob.digest); }
  async readBlob(d: Digest): Promise<Buffer | undefined> { return this.blobs.get(d); }
  async putBlob(bytes: Buffer, d: Digest): Promise<void> { this.blobs.set(d, bytes); }
  async writeLayer(blob: Descriptor, diffId: Digest, open: () => Promise<Readable>): Promise<void> {
    const parts: Buffer[] = [];
    for await (const c of await open()) parts.push(c as Buffer);
    const bytes = Buffer.concat(parts);
    if (sha(bytes) !== blob.digest || sha(gunzipSync(bytes)) !== diffId) throw new RegistryContentError(`filesystem layer verification failed for digest ${blob.digest}`);
    this.blobs.set(blob.digest, bytes);
  }
}

async function withRegistry(fn: (host: string, client: RegistryClient) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wharf-pushpull-'));
  const server = await RegistryServer.create({ ...defaultConfig(), addr: '127.0.0.1:0', root: join(dir, 'root'), logLevel: 'silent' }, {});
  const addr = await server.listen();
  const client = new RegistryClient({ transport: { backoffMs: 5 } });
  try {
    await fn(`127.0.0.1:${addr.port}`, client);
  } finally {
    await client.close();
    await server.close(1000);
    await rm(dir, { recursive: true, force: true });
  }
}

test('push in chunks, then HEAD finds every layer; a second repository mounts them; the pull gets the same bytes', async () => {
  await withRegistry(async (host, client) => {
    const img = image([layer(5000), layer(3000)]);
    const events: string[] = [];
    const progress = { status: () => undefined, layer: (id: string, s: string) => events.push(`${id} ${s}`) };
    const first = await new Pusher(client.repository(host, 'src/repo'), img.source, progress).push(img.push, 'v1', { chunkThreshold: 1000, chunkBytes: 700 });
    assert.equal(first.digest, img.digest, 'the manifest bytes are pushed as they are');
    assert.equal(events.filter((e) => e.endsWith(' Pushed')).length, 2);
    events.length = 0;
    await new Pusher(client.repository(host, 'src/repo'), img.source, progress).push(img.push, 'v2');
    assert.equal(events.filter((e) => e.endsWith(' Layer already exists')).length, 2);
    events.length = 0;
    await new Pusher(client.repository(host, 'dst/repo'), img.source, progress).push(img.push, 'v1');
    assert.equal(events.filter((e) => e.endsWith(' Mounted from src/repo')).length, 2);

    const target = new MemoryTarget();
    const pulled = await new Puller(client.repository(host, 'dst/repo'), target, progress).pull('v1');
    assert.equal(pulled.digest, img.digest);
    assert.equal(pulled.fetched, 2);
    for (const l of img.push.layers) assert.ok(target.blobs.has(l.blob.digest));
    assert.equal(target.blobs.get(img.digest)?.length, img.push.manifest.bytes.length, 'the manifest is kept');
  });
});

test('a digest the registry lacks is not found; a layer type Wharf cannot unpack fails the pull', async () => {
  await withRegistry(async (host, client) => {
    const img = image([layer(100)]);
    const silent = { status: () => undefined, layer: () => undefined };
    await new Pusher(client.repository(host, 'a/b'), img.source, silent).push(img.push, 'v1');
    const wrong = sha(Buffer.from('not it'));
    await assert.rejects(new Puller(client.repository(host, 'a/b'), new MemoryTarget(), silent).pull(wrong), /manifest for .* not found|manifest unknown/);
    const odd = JSON.parse(img.push.manifest.bytes.toString());
    odd.layers[0].mediaType = 'application/vnd.example.artifact';
    const bytes = Buffer.from(JSON.stringify(odd));
    await client.repository(host, 'a/b').putManifest('odd', 'application/vnd.oci.image.manifest.v1+json', bytes);
    await assert.rejects(new Puller(client.repository(host, 'a/b'), new MemoryTarget(), silent).pull('odd'), { message: 'unsupported layer media type application/vnd.example.artifact' });
  });
});
