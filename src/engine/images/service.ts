/**
 * The image engine: import, list, inspect, tag, remove, history, prune, save, load, commit and disk
 * usage, over the local stores. Writers that add content before the record that references it run
 * in a garbage-collector lease (image/gc.ts); removals collect what they freed.
 */
import type { Readable, Writable } from 'node:stream';
import type { ImageRecord } from '../../image/record.js';
import { GarbageCollector } from '../../image/gc.js';
import type {
  CommitOptions, DeleteItem, HistoryItem, ImageArchive, ImageDetails, ImageEngine, ImageListOptions, ImagesDiskUsage,
  ImageView, ImportOptions, ImportProgress, ImportSource, LoadSink, PruneReport,
} from '../engine.js';
import type { Filters } from '../filters.js';
import type { ImageCatalog } from './catalog.js';
import { commitContainer, type ContainerSource } from './commit.js';
import { fetchImportUrl, importImage } from './import.js';
import { listImages } from './list.js';
import { ImageRemover } from './remove.js';
import { ImagePruner } from './prune.js';
import { imageHistory } from './history.js';
import { planSave, saveImages } from './save.js';
import { loadImages } from './load.js';
import { tagImage } from './tag.js';
import { imagesDiskUsage } from './df.js';
import type { EventJournal } from '../events/journal.js';
import { ImageAnnouncer } from './announce.js';
import type { RegistryClient } from '../../distribution/client/client.js';
import type { PullProgress } from '../../distribution/client/progress.js';
import { ImagePuller, type PullRequest, type PullSettings } from './pull.js';
import { ImagePusher, type PushRequest, type PushSettings } from './push.js';

/** How the image service reaches registries. */
export interface RegistryAccess { client: RegistryClient; pull: PullSettings; push: PushSettings }

export class ImageService implements ImageEngine {
  /** Sweeps blobs and layers no image references; writers of new images hold a lease. */
  readonly gc: GarbageCollector;
  /** Publishes image events (and commit's container event) to the journal. */
  readonly #announcer: ImageAnnouncer;

  readonly #puller: ImagePuller;
  readonly #pusher: ImagePusher;

  /** `leaseDir`: where pulls note what they hold, so a crash mid-pull does not lose finished layers. */
  constructor(readonly catalog: ImageCatalog, readonly containers: ContainerSource, readonly journal: EventJournal, registry: RegistryAccess, leaseDir?: string) {
    this.gc = new GarbageCollector(catalog.content, catalog.layers, catalog.store, leaseDir);
    this.#announcer = new ImageAnnouncer(catalog, journal);
    this.#puller = new ImagePuller(this.#announcer, this.gc, registry.client, registry.pull);
    this.#pusher = new ImagePusher(this.#announcer, this.gc, registry.client, registry.push);
  }

  pull(req: PullRequest, progress: PullProgress): Promise<void> {
    return this.#puller.pull(req, progress);
  }

  push(req: PushRequest, progress: PullProgress): Promise<void> {
    return this.#pusher.push(req, progress);
  }

  async import(source: ImportSource, o: ImportOptions, p?: ImportProgress): Promise<ImageRecord> {
    const name = 'url' in source ? source.url : '-';
    const open = async (): Promise<Readable> => {
      if (!('url' in source)) {
        p?.started();
        return source.stream;
      }
      const body = await fetchImportUrl(source.url, (n, total) => p?.progress(n, total));
      p?.started();
      return body;
    };
    const { record, tagged } = await this.gc.lease(() => importImage(this.catalog, open, name, o));
    if (tagged) await this.#announcer.announce('tag', record.id, tagged);
    await this.#announcer.announce('import', record.id, record.id);
    return record;
  }

  list(o?: ImageListOptions): Promise<ImageView[]> {
    return listImages(this.catalog, this.containers, o);
  }

  async inspect(name: string): Promise<ImageDetails> {
    const record = this.catalog.resolve(name);
    const config = await this.catalog.config(record);
    return { ...this.#view(record, config, -1), layerDirs: this.catalog.layerDirs(record) };
  }

  #view(record: ImageRecord, config: ImageView['config'], containers: number): ImageView {
    return { record, config, repoTags: this.catalog.repoTags(record), repoDigests: this.catalog.repoDigests(record), containers };
  }

  async tag(source: string, repo: string, tag: string): Promise<string> {
    return (await tagImage(this.#announcer, source, repo, tag)).ref;
  }

  remove(name: string, o: { force?: boolean; prune?: boolean } = {}): Promise<DeleteItem[]> {
    return new ImageRemover(this.#announcer, this.gc, this.containers).remove(name, o);
  }

  history(name: string): Promise<HistoryItem[]> {
    return imageHistory(this.catalog, name);
  }

  prune(filters: Filters): Promise<PruneReport> {
    return new ImagePruner(this.#announcer, this.gc, this.containers).prune(filters);
  }

  save(names: string[]): ImageArchive {
    const items = planSave(this.catalog, names);
    return {
      write: async (out: Writable) => {
        await saveImages(this.catalog, items, out);
        for (const { record } of items) await this.#announcer.announce('save', record.id, record.id);
      },
    };
  }

  load(input: Readable, sink: LoadSink): Promise<void> {
    return loadImages(this.#announcer, this.gc, input, sink);
  }

  commit(o: CommitOptions): Promise<ImageRecord> {
    return commitContainer(this.#announcer, this.gc, this.containers, o);
  }

  async usage(): Promise<ImagesDiskUsage> {
    const du = await imagesDiskUsage(this.catalog, this.containers);
    const images = await Promise.all(du.images.map(async (u) => ({
      ...this.#view(u.record, await this.catalog.config(u.record), u.containers), sharedSize: u.sharedSize,
    })));
    return { layersSize: du.layersSize, images };
  }

  count(): number {
    return this.catalog.store.list().length;
  }

  /** Collects what no image (and no container's image) references: what a crash left, at daemon start. */
  async collectGarbage(): Promise<void> {
    await this.gc.collect(new Set(this.containers.all().map((c) => c.Image)));
  }
}
