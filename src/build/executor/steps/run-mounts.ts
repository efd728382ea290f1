/**
 * `RUN --mount=`: cache mounts are directories the builder keeps between builds (one per id,
 * `sharing=locked` runs one step at a time per id); bind mounts show the context, a stage or an
 * image read-only; tmpfs is a fresh tmpfs. Secrets and SSH need BuildKit's client session, which
 * the Engine API's `/build` does not have: they are refused, not ignored.
 */
import { posix } from 'node:path';
import type { RunMount } from '../../instructions/types.js';
import { InstructionError } from '../../instructions/types.js';
import { followInScope } from '../../../runtime/spec/in-root.js';
import { imageFetch, type StepContext } from '../step.js';
import type { StageState } from '../state.js';
import type { RunMountSpec, StepImage } from '../worker.js';

/** Runs `fn` with the host side of every mount ready (stage roots mounted, cache dirs made and locked). */
export async function withRunMounts<T>(ctx: StepContext, s: StageState, mounts: readonly RunMount[], line: number, fn: (specs: RunMountSpec[]) => Promise<T>): Promise<T> {
  const go = async (i: number, acc: RunMountSpec[]): Promise<T> => {
    const m = mounts[i];
    if (!m) return fn(acc);
    return withMount(ctx, s, m, line, (spec) => go(i + 1, [...acc, spec]));
  };
  return go(0, []);
}

async function withMount<T>(ctx: StepContext, s: StageState, m: RunMount, line: number, fn: (spec: RunMountSpec) => Promise<T>): Promise<T> {
  const target = posix.isAbsolute(m.target ?? '') ? m.target! : posix.join(s.config.WorkingDir || '/', m.target ?? '');
  switch (m.type) {
    case 'tmpfs':
      return fn({ type: 'tmpfs', target, readonly: false, ...(m.size ? { size: m.size } : {}) });
    case 'cache': {
      if (m.from || m.source) throw new InstructionError('cache mounts with from= or source= are not supported', line);
      const id = m.id || target;
      const source = await ctx.cacheMount(id);
      const run = () => fn({ type: 'bind', source, target, readonly: m.readonly });
      return m.sharing === 'locked' ? ctx.lockCacheMount(id, run) : run();
    }
    case 'bind': {
      if (!m.readonly) throw new InstructionError('read-write bind mounts (rw) are not supported: a bind mount is read-only here', line);
      const bind = (root: string) => fn({ type: 'bind', source: followInScope(root, m.source ?? '/'), target, readonly: true });
      if (!m.from) return bind(ctx.settings.contextRoot);
      const image = await fromImage(ctx, m.from);
      return ctx.worker.readFiles(image, bind);
    }
    default:
      throw new InstructionError(`--mount=type=${m.type} needs BuildKit's session, which the Engine API's /build does not have`, line);
  }
}

/** A `from=` of a mount or COPY: an earlier stage by name or index, else an image reference. */
export async function fromImage(ctx: StepContext, from: string): Promise<StepImage | undefined> {
  const stage = ctx.stage(from);
  if (stage) return (await stage).image;
  return ctx.worker.image(from, imageFetch(ctx, false), ctx.log.out);
}
