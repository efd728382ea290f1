/**
 * `--cache-from`: images (local, or pulled by the client beforehand) whose history can stand in for
 * the layer cache, as moby's image/cache does it for the legacy builder. A step hits a source when
 * the source's history and layers begin with the parent's and its next history entry was made by the
 * same command (`CREATED BY` equals the step's probe command); the hit is the source itself at its
 * last entry, else an image restored from it: the parent's history and layers plus that entry (and
 * its layer). After a hit only that source is followed, so one build never mixes two sources.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Digest } from '../../oci/digest.js';
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';
import type { BuildWorker, StepImage } from './worker.js';

export class CacheSources {
  #sources: StepImage[];

  constructor(sources: StepImage[], private readonly worker: BuildWorker) {
    this.#sources = sources.filter((s) => (s.config.history ?? []).length > 0);
  }

  /** The image a source holds for the step over `parent` whose probe command is `probeCmd` and run config `config`. */
  async find(parent: StepImage | undefined, probeCmd: string[], config: ContainerDefaults): Promise<Digest | undefined> {
    const at = parent?.config.history?.length ?? 0;
    const createdBy = probeCmd.join(' ');
    for (const target of this.#sources) {
      const history = target.config.history!;
      if (!isValidParent(target.config, parent?.config) || history[at]?.created_by !== createdBy) continue;
      this.#sources = [target];
      if (history.length - 1 === at) return target.id;
      return this.worker.restoreImage(parent, restoredConfig(target.config, parent?.config, at, config), target.id, layerIndex(history, at));
    }
    return undefined;
  }
}

/** moby's isValidParent: the source's history and layers begin with the parent's. */
function isValidParent(img: ImageConfig, parent: ImageConfig | undefined): boolean {
  const ph = parent?.history ?? [];
  const pl = parent?.rootfs.diff_ids ?? [];
  if (!parent || (ph.length === 0 && pl.length === 0)) return true;
  const ih = img.history ?? [];
  if (ph.length >= ih.length || pl.length > img.rootfs.diff_ids.length) return false;
  return ph.every((h, i) => isDeepStrictEqual(h, ih[i])) && pl.every((d, i) => d === img.rootfs.diff_ids[i]);
}

/** The index of the layer history entry `at` made, or undefined for an empty layer. */
function layerIndex(history: NonNullable<ImageConfig['history']>, at: number): number | undefined {
  if (history[at]?.empty_layer) return undefined;
  return history.slice(0, at).filter((h) => !h.empty_layer).length;
}

/** moby's restoreCachedImage config: the parent's history and layers, the source's entry at `at`, the step's run config. */
function restoredConfig(target: ImageConfig, parent: ImageConfig | undefined, at: number, config: ContainerDefaults): ImageConfig {
  const entry = target.history![at]!;
  const index = layerIndex(target.history!, at);
  const layers = [...(parent?.rootfs.diff_ids ?? []), ...(index !== undefined ? [target.rootfs.diff_ids[index]!] : [])];
  return {
    architecture: target.architecture, ...(target.author ? { author: target.author } : {}), config, ...(entry.created ? { created: entry.created } : {}),
    history: [...(parent?.history ?? []), entry], os: target.os, rootfs: { type: 'layers', diff_ids: layers },
  };
}
