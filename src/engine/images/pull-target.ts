/**
 * Where the puller's bytes land: the content store keeps each compressed blob as it came (for push
 * and save), the layer store unpacks it, both fed from one stream. One write per blob digest across
 * concurrent pulls: a second pull of a shared layer waits for the first and then finds it stored.
 */
import type { Readable } from 'node:stream';
import type { Digest } from '../../oci/digest.js';
import type { Descriptor } from '../../oci/descriptor.js';
import type { PullTarget } from '../../distribution/client/puller.js';
import { RegistryContentError } from '../../distribution/client/errors.js';
import { DigestMismatchError, SizeMismatchError } from '../../util/verify.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { tee } from '../../util/tee.js';
import type { ImageCatalog } from './catalog.js';
import type { GarbageCollector } from '../../image/gc.js';

/** One writer per blob digest, across every pull of the daemon. */
const writers = new KeyedMutex();

export class StorePullTarget implements PullTarget {
  readonly #releases: Array<(o?: { keepLease?: boolean }) => Promise<void>> = [];

  constructor(private readonly catalog: ImageCatalog, private readonly gc: GarbageCollector) {}

  async hold(digests: Digest[]): Promise<void> {
    this.#releases.push(await this.gc.hold(digests));
  }

  /**
   * Lets the collector have what this pull held once the record is written; after a failure the
   * lease stays on disk for a day, so finished layers survive until the pull is tried again.
   */
  async release(o: { failed: boolean }): Promise<void> {
    await Promise.all(this.#releases.splice(0).map((r) => r({ keepLease: o.failed })));
  }

  hasImage(id: Digest): boolean {
    return this.catalog.store.get(id) !== undefined;
  }

  async hasLayer(diffId: Digest, blob: Descriptor): Promise<boolean> {
    return Boolean((await this.catalog.layers.get(diffId)) && (await this.catalog.content.info(blob.digest)));
  }

  async writeLayer(blob: Descriptor, diffId: Digest, open: () => Promise<Readable>): Promise<void> {
    await writers.run(blob.digest, async () => {
      const { content, layers } = this.catalog;
      const haveBlob = Boolean(await content.info(blob.digest));
      const haveLayer = Boolean(await layers.get(diffId));
      if (haveBlob && haveLayer) return;
      // A blob stored without its unpacked layer (a save/load leftover) is unpacked from disk.
      const body = haveBlob ? await content.read(blob.digest) : await open();
      try {
        if (haveBlob) {
          await layers.apply(body, { expectedDiffId: diffId });
          return;
        }
        if (haveLayer) {
          await content.ingest(body, { digest: blob.digest, size: blob.size });
          return;
        }
        const [toStore, toUnpack] = tee(body);
        const results = await Promise.allSettled([
          content.ingest(toStore, { digest: blob.digest, size: blob.size }),
          layers.apply(toUnpack, { expectedDiffId: diffId, inputHashed: true }), // the content store hashes the blob
        ]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        // The blob's own check speaks first: a corrupt download also breaks the unpack.
        if (failed) throw (results[0].status === 'rejected' ? results[0].reason : failed.reason) as Error;
      } catch (e) {
        body.destroy();
        if (e instanceof DigestMismatchError || e instanceof SizeMismatchError) {
          throw new RegistryContentError(`filesystem layer verification failed for digest ${blob.digest}`, { cause: e });
        }
        throw e;
      }
    });
  }

  async readBlob(digest: Digest, limit: number): Promise<Buffer | undefined> {
    const info = await this.catalog.content.info(digest);
    return info && info.size <= limit ? this.catalog.content.readBytes(digest) : undefined;
  }

  async putBlob(bytes: Buffer, digest: Digest): Promise<void> {
    await this.catalog.content.put(bytes, digest);
  }
}
