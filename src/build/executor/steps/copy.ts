/**
 * COPY and ADD: the sources (context, an earlier stage or an image with `--from`; inline
 * here-documents) are resolved and checksummed first, since the checksum is the step's cache key
 * and its history text (`COPY file:<sum> in /dst `); a miss then copies them into a snapshot of the
 * parent. ADD unpacks local tars and fetches URLs.
 */
import { createHash } from 'node:crypto';
import { resolveUser } from '../../../runtime/spec/user.js';
import type { AddInstruction, CopyInstruction } from '../../instructions/types.js';
import type { Heredoc } from '../../parser/ast.js';
import { resolveSources, SourceError, type Source } from '../../context/sources.js';
import { combineSums, sourceSum } from '../../context/checksum.js';
import { addInto, copyInto, destinationPath, writeHeredoc, type CopyOptions } from '../../context/copy-into.js';
import { fetchUrl, isUrl, type FetchedUrl } from '../../context/add-url.js';
import type { IgnoreMatcher } from '../../dockerignore/index.js';
import type { StepContext, StepResult } from '../step.js';
import { shellOf, type StageState } from '../state.js';
import { fromImage } from './run-mounts.js';

/** A COPY or ADD that cannot be done: Docker's `COPY failed: …` (the prefix is part of the message). */
export class CopyFailedError extends Error {
  readonly code = 'BUILD_COPY_FAILED';
}

type FileInstruction = CopyInstruction | AddInstruction;

/** `--chmod=644`: an octal mode. */
function parseMode(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-7]{1,4}$/.test(text)) throw new CopyFailedError(`invalid chmod parameter: ${text}`);
  return parseInt(text, 8);
}

/** `--chown=user[:group]` in the step's root (a lone user is also the group, as Docker reads it). */
async function owner(root: string, chown: string | undefined): Promise<{ uid: number; gid: number }> {
  if (!chown) return { uid: 0, gid: 0 };
  const [user = '', group = user] = chown.split(':', 2);
  try {
    const u = await resolveUser(root, `${user}:${group}`);
    return { uid: u.uid, gid: u.gid };
  } catch (e) {
    throw new CopyFailedError(`unable to convert uid/gid chown string to host mapping: ${(e as Error).message}`);
  }
}

/** The name of an inline source (`<<EOF`), if `word` is one. */
function heredocOf(word: string, docs: readonly Heredoc[]): Heredoc | undefined {
  const m = /^<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?$/.exec(word);
  return m ? docs.find((d) => d.name === m[1]) : undefined;
}

interface Plan {
  sources: Source[];
  heredocs: Heredoc[];
  urls: FetchedUrl[];
  checksum: string;
}

/** Resolves and checksums the sources under `root` (the context, or a stage's root with --from). */
async function plan(ins: FileInstruction, root: string, ignore: IgnoreMatcher | undefined, urls: FetchedUrl[]): Promise<Plan> {
  const name = ins.kind === 'copy' ? 'COPY' : 'ADD';
  const heredocs: Heredoc[] = [];
  const paths: string[] = [];
  for (const w of ins.sources) {
    const doc = heredocOf(w, ins.heredocs);
    if (doc) heredocs.push(doc);
    else if (!isUrl(w)) paths.push(w);
  }
  let sources: Source[] = [];
  try {
    if (paths.length > 0) sources = resolveSources(root, paths, ignore ? { ignore } : {});
  } catch (e) {
    if (e instanceof SourceError) throw new CopyFailedError(`${name} failed: ${e.message}`);
    throw e;
  }
  const parts = [
    ...await Promise.all(sources.map((src) => sourceSum(src, ignore))),
    ...heredocs.map((d) => `file:${createHash('sha256').update(d.content).digest('hex')}`),
    ...urls.map((u) => `file:${u.sha256}`),
  ];
  const count = sources.length + heredocs.length + urls.length;
  if (count > 1 && !ins.dest.endsWith('/')) {
    throw new CopyFailedError(`When using ${name} with more than one source file, the destination must be a directory and end with a /`);
  }
  return { sources, heredocs, urls, checksum: combineSums(parts) };
}

async function fetchAll(ctx: StepContext, ins: FileInstruction): Promise<FetchedUrl[]> {
  const urls = ins.sources.filter(isUrl);
  if (urls.length === 0) return [];
  if (ins.kind === 'copy') throw new CopyFailedError('source can\'t be a URL for COPY');
  return Promise.all(urls.map((u) => fetchUrl(u, ins.dest, { scratch: ctx.settings.scratchDir, ...(ins.checksum ? { checksum: ins.checksum } : {}), ...(ctx.settings.signal ? { signal: ctx.settings.signal } : {}) })));
}

async function fileStep(ctx: StepContext, s: StageState, ins: FileInstruction): Promise<StepResult> {
  const name = ins.kind === 'copy' ? 'COPY' : 'ADD';
  const from = ins.kind === 'copy' ? ins.from : undefined;
  const image = from !== undefined ? await fromImage(ctx, from) : undefined;
  const withRoot = <T>(use: (root: string, ignore?: IgnoreMatcher) => Promise<T>): Promise<T> =>
    from !== undefined ? ctx.worker.readFiles(image, (root) => use(root)) : use(ctx.settings.contextRoot, ctx.settings.ignore);
  const urls = await fetchAll(ctx, ins);
  const p = await withRoot((root, ignore) => plan(ins, root, ignore, urls));
  if (p.sources.length + p.heredocs.length + p.urls.length === 0) throw new CopyFailedError(`${name} failed: no source files were specified`);
  const dest = destinationPath(ins.dest, s.config.WorkingDir);
  const mode = parseMode(ins.chmod);
  const chown = ins.chown ? `--chown=${ins.chown}` : '';
  return {
    config: s.config,
    // The legacy builder glues --chown to the checksum (`COPY --chown=1:2file:…`); kept, it is what `docker history` shows.
    // One word after the shell (like WORKDIR), not nopCmd's two: `#(nop) COPY file:… in /dst `.
    probeCmd: [...shellOf(s), `#(nop) ${name} ${chown}${p.checksum} in ${ins.dest} `],
    work: (compose) => ctx.worker.editFiles(s.image, async (root) => {
      const o: CopyOptions = { owner: await owner(root, ins.chown), ...(mode !== undefined ? { mode } : {}), ...(ctx.settings.signal ? { signal: ctx.settings.signal } : {}) };
      await withRoot(async (src, ignore) => {
        // A stage's or image's root is mounted afresh for the copy: its sources are found again there.
        const sources = from !== undefined ? (await plan(ins, src, ignore, p.urls)).sources : p.sources;
        const opts = { ...o, ...(ignore ? { ignore } : {}) };
        if (ins.kind === 'add' && ins.unpack !== false) await addInto(root, sources, dest, { ...opts, chown: ins.chown !== undefined });
        else await copyInto(root, sources, dest, opts);
      });
      for (const doc of p.heredocs) await writeHeredoc(root, doc, dest, o);
      for (const u of p.urls) await u.writeInto(root, dest, o);
    }, (layer) => compose(layer)),
  };
}

export const copy = (ctx: StepContext, s: StageState, ins: CopyInstruction): Promise<StepResult> => fileStep(ctx, s, ins);
export const add = (ctx: StepContext, s: StageState, ins: AddInstruction): Promise<StepResult> => fileStep(ctx, s, ins);
