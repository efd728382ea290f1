/**
 * Mark-and-sweep garbage collection of a registry root, safe to run while a server pushes to it.
 *
 * Mark: per repository, manifests reachable from tags (through index children and referrers of
 * reachable manifests) are kept; untagged ones older than the grace period are deleted (unless
 * `keepUntagged`). Every blob a kept manifest names is marked, and so is every blob linked or
 * written within the grace period (an in-flight push has uploaded layers before its manifest).
 *
 * Sweep: unmarked blobs older than the grace period are renamed into `trash/` (atomic). Then a
 * re-mark pass restores any trashed blob that a manifest or link written since GC started names,
 * and only then is the trash emptied. Pushers close the remaining window from their side:
 * `BlobStore.touch` (called on HEAD, mount and manifest PUT) refreshes a blob's mtime and restores it
 * from the trash, and a manifest PUT checks its blobs only after touching them.
 */
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Digest } from '../../../oci/digest.js';
import { parseManifest } from '../../../oci/manifest.js';
import { TEMP_PREFIX } from '../../../util/atomic-file.js';
import { BlobStore } from './blob-store.js';
import { statIfExists } from './fs-util.js';
import { Layout } from './layout.js';
import { RepoStore } from './repo-store.js';

/** GC settings. */
export interface GcOptions {
  /** Report only; change nothing. */
  dryRun?: boolean;
  /** Content younger than this (ms) is never collected. */
  graceMs: number;
  /** Keep untagged manifests (only unreferenced blobs go). */
  keepUntagged?: boolean;
  signal?: AbortSignal;
  /** Progress lines. */
  onEvent?: (line: string) => void;
}

/** What a run did (or, dry, would do). */
export interface GcReport {
  manifestsDeleted: { repository: string; digest: Digest }[];
  blobsDeleted: Digest[];
  bytesFreed: number;
  blobsKept: number;
}

/** Runs one collection over `root`. */
export async function collectGarbage(root: string, opts: GcOptions): Promise<GcReport> {
  const layout = new Layout(root);
  const blobs = new BlobStore(layout);
  const repos = new RepoStore(layout);
  const started = Date.now();
  const cutoff = started - opts.graceMs;
  const report: GcReport = { manifestsDeleted: [], blobsDeleted: [], bytesFreed: 0, blobsKept: 0 };
  const marked = new Set<Digest>();
  for (const name of await repos.listRepositories()) {
    opts.signal?.throwIfAborted();
    await markRepository(repos, blobs, name, { cutoff, marked, report, opts });
  }
  const trashed: Digest[] = [];
  for await (const d of blobs.list()) {
    opts.signal?.throwIfAborted();
    if (marked.has(d) || (await blobs.mtime(d) ?? 0) > cutoff) {
      report.blobsKept++;
      continue;
    }
    const size = (await blobs.size(d)) ?? 0;
    if (!opts.dryRun && !(await blobs.moveToTrash(d))) continue;
    trashed.push(d);
    report.bytesFreed += size;
    opts.onEvent?.(`blob eligible for deletion: ${d}`);
  }
  if (opts.dryRun) return { ...report, blobsDeleted: trashed };
  const restored = await remarkSince(repos, blobs, started);
  report.blobsDeleted = trashed.filter((d) => !restored.has(d));
  await rm(layout.trashDir, { recursive: true, force: true });
  await removeStaleTemps(layout, cutoff);
  return report;
}

interface MarkState {
  cutoff: number;
  marked: Set<Digest>;
  report: GcReport;
  opts: GcOptions;
}

async function markRepository(repos: RepoStore, blobs: BlobStore, name: string, st: MarkState): Promise<void> {
  const all = await repos.listManifests(name);
  const parsed = new Map<Digest, { refs: Digest[]; subject?: Digest }>();
  for (const d of all) parsed.set(d, await manifestRefs(blobs, d));
  const keep = new Set<Digest>();
  const visit = (d: Digest) => {
    if (keep.has(d) || !parsed.has(d)) return;
    keep.add(d);
    for (const r of parsed.get(d)!.refs) visit(r);
  };
  for (const tag of await repos.listTags(name)) {
    const d = await repos.getTag(name, tag);
    if (d) visit(d);
  }
  for (const d of all) if (st.opts.keepUntagged || ((await repos.manifestMtime(name, d)) ?? 0) > st.cutoff) visit(d);
  await keepReferrers(parsed, keep, visit);
  for (const d of all) {
    if (keep.has(d) || (await pushedMeanwhile(repos, name, d, st.cutoff))) {
      keep.add(d);
      continue;
    }
    st.report.manifestsDeleted.push({ repository: name, digest: d });
    st.opts.onEvent?.(`manifest eligible for deletion: ${name}@${d}`);
    if (!st.opts.dryRun) await repos.deleteManifest(name, d);
  }
  for (const d of keep) {
    st.marked.add(d);
    for (const r of parsed.get(d)!.refs) st.marked.add(r);
  }
  await markLayerLinks(repos, blobs, name, st);
}

/** Re-checked right before deleting: a push since the mark re-wrote the record or tagged it. */
async function pushedMeanwhile(repos: RepoStore, name: string, d: Digest, cutoff: number): Promise<boolean> {
  if (((await repos.manifestMtime(name, d)) ?? 0) > cutoff) return true;
  for (const tag of await repos.listTags(name)) if ((await repos.getTag(name, tag)) === d) return true;
  return false;
}

/** Referrers of kept manifests are kept too (signatures, SBOMs), to a fixed point. */
async function keepReferrers(parsed: Map<Digest, { subject?: Digest }>, keep: Set<Digest>, visit: (d: Digest) => void): Promise<void> {
  let grew = true;
  while (grew) {
    const before = keep.size;
    for (const [d, p] of parsed) if (p.subject && keep.has(p.subject)) visit(d);
    grew = keep.size !== before;
  }
}

/**
 * Fresh layer links (a push in flight) mark their blob. A link is removed only when both it and its
 * blob are older than the grace period and nothing kept names the blob: a pusher that HEADed the
 * blob (which touches it) and skipped the upload still finds the link at manifest PUT.
 */
async function markLayerLinks(repos: RepoStore, blobs: BlobStore, name: string, st: MarkState): Promise<void> {
  for (const d of await repos.listLayers(name)) {
    if (st.marked.has(d)) continue;
    const linked = (await repos.layerMtime(name, d)) ?? 0;
    const written = (await blobs.mtime(d)) ?? 0;
    if (linked > st.cutoff || written > st.cutoff) st.marked.add(d);
    else if (!st.opts.dryRun) await repos.unlinkLayer(name, d);
  }
}

/** The blobs and manifests a manifest names, and its subject. Unreadable manifests name nothing. */
async function manifestRefs(blobs: BlobStore, d: Digest): Promise<{ refs: Digest[]; subject?: Digest }> {
  try {
    const bytes = await blobs.readSmall(d, 16 << 20);
    if (!bytes) return { refs: [] };
    const p = parseManifest(bytes);
    const refs = p.kind === 'index' ? p.value.manifests.map((m) => m.digest) : [p.value.config.digest, ...p.value.layers.map((l) => l.digest)];
    return { refs, ...(p.value.subject ? { subject: p.value.subject.digest } : {}) };
  } catch {
    return { refs: [] };
  }
}

/** Restores trashed blobs named by manifests or links written since `since`; returns them. */
async function remarkSince(repos: RepoStore, blobs: BlobStore, since: number): Promise<Set<Digest>> {
  const restored = new Set<Digest>();
  const restore = async (d: Digest) => {
    if (await blobs.touch(d)) restored.add(d);
  };
  for (const name of await repos.listRepositories()) {
    for (const d of await repos.listManifests(name)) {
      if (((await repos.manifestMtime(name, d)) ?? 0) < since) continue;
      await restore(d);
      for (const r of (await manifestRefs(blobs, d)).refs) await restore(r);
    }
    for (const d of await repos.listLayers(name)) {
      if (((await repos.layerMtime(name, d)) ?? 0) >= since) await restore(d);
    }
  }
  return restored;
}

/** Removes `.tmp-*` leftovers of interrupted writes (blobs and links) older than the cutoff. */
async function removeStaleTemps(layout: Layout, cutoff: number): Promise<void> {
  for (const top of [layout.blobsDir, layout.reposDir]) {
    const entries = await readdir(top, { recursive: true }).catch(() => [] as string[]);
    for (const rel of entries) {
      if (!basename(rel).startsWith(TEMP_PREFIX)) continue;
      const st = await statIfExists(join(top, rel));
      if (st?.isFile() && st.mtimeMs < cutoff) await rm(join(top, rel), { force: true });
    }
  }
}
