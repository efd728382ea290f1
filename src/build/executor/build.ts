/**
 * A build, from Dockerfile text to a tagged image: parse (parser → instructions), plan the stages
 * the target needs, build them (independent ones at once, their output in Dockerfile order), then
 * the `--label` steps, the ID and tags, as Docker's legacy builder reports them. Every step's
 * image is kept as the parent of the next; a failure stops the build, removes its container and
 * moves no tag.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Digest } from '../../oci/digest.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';
import { parseDockerfile } from '../parser/parser.js';
import { parseInstructions } from '../instructions/parse.js';
import type { Dockerfile, Instruction } from '../instructions/types.js';
import { ShellLex } from '../shell/lex.js';
import { BuildCache } from './cache.js';
import { CacheSources } from './cache-from.js';
import { StepLog, shortId, type BuildOutput } from './output.js';
import { OrderedOutputs } from './ordered-output.js';
import { planBuild, stageIndex, type BuildPlan } from './plan.js';
import { buildStage } from './stage.js';
import type { StageState } from './state.js';
import type { BuildSettings, StepContext } from './step.js';
import type { BuildWorker } from './worker.js';
import { PROXY_ARGS } from './steps/run.js';

export interface BuildRequest extends BuildSettings {
  dockerfileText: string;
  /** `-t` references, in order. */
  tags: string[];
  target?: string;
  /** `--label`s: added to the target stage as one LABEL step each, in key order, as Docker does. */
  labels: Record<string, string>;
}

export class NoImageError extends Error {
  readonly code = 'BUILD_NO_IMAGE';
  constructor() {
    super('No image was generated. Is your Dockerfile empty?');
  }
}

export class Builder {
  readonly cache: BuildCache;
  readonly #mounts: string;
  readonly #locks = new KeyedMutex();

  /** `stateDir`: where the builder keeps its cache index and cache mounts (under the data root). */
  constructor(readonly worker: BuildWorker, stateDir: string) {
    this.cache = new BuildCache(join(stateDir, 'cache'));
    this.#mounts = join(stateDir, 'mounts');
  }

  /** Builds; returns the image ID. Errors are typed (DockerfileSyntaxError, InstructionError, RunFailedError…). */
  async build(req: BuildRequest, out: BuildOutput): Promise<Digest> {
    const df = parseInstructions(parseDockerfile(req.dockerfileText));
    const lex = new ShellLex(df.escape);
    const consumed = new Set<string>();
    const metaArgs = globalArgs(df, lex, req.buildArgs, consumed);
    const metaEnv = new Map([...metaArgs].filter((e): e is [string, string] => e[1] !== undefined));
    const plan = planBuild(df, req.target, (w) => lex.processWord(w, metaEnv));
    const stages = withLabels(df, plan.target, req.labels);
    const log = new StepLog(out, req.quiet);
    const state = await this.#stages(req, stages, plan, { lex, log, metaArgs, consumed, out, metaSteps: df.metaArgs.map((a) => a.location.original) });
    const id = state.image?.id;
    if (!id) throw new NoImageError();
    out.aux({ ID: id });
    const leftover = [...req.buildArgs.keys()].filter((k) => !consumed.has(k) && !PROXY_ARGS.has(k)).sort();
    if (leftover.length > 0) log.warning(`One or more build-args [${leftover.join(' ')}] were not consumed`);
    if (req.quiet) out.stream(`${id}\n`);
    log.note(`Successfully built ${shortId(id)}\n`);
    for (const t of req.tags) log.note(`Successfully tagged ${await this.worker.tag(id, t)}\n`);
    return id;
  }

  async #stages(req: BuildRequest, stages: Dockerfile['stages'], plan: BuildPlan, b: { lex: ShellLex; log: StepLog; metaArgs: Map<string, string | undefined>; consumed: Set<string>; out: BuildOutput; metaSteps: string[] }): Promise<StageState> {
    const sources = await Promise.all(req.cacheFrom.map((ref) => this.worker.localImage(ref)));
    const cacheSources = req.cacheFrom.length > 0 ? new CacheSources(sources.filter((x): x is NonNullable<typeof x> => x !== undefined), this.worker) : undefined;
    const abort = new AbortController();
    const signal = req.signal ? AbortSignal.any([req.signal, abort.signal]) : abort.signal;
    const outputs = new OrderedOutputs(b.out, plan.stages.length);
    const sizes = plan.stages.map((i) => 1 + stages[i]!.commands.length);
    // The ARGs before the first FROM are steps too (the legacy builder numbers them, with no output).
    const total = b.metaSteps.length + sizes.reduce((a, n) => a + n, 0);
    b.metaSteps.forEach((text, i) => b.log.step(i + 1, total, text));
    const results = new Map<number, Promise<StageState>>();
    const ctxFor = (i: number, pos: number): StepContext => ({
      worker: this.worker, cache: this.cache, ...(cacheSources ? { cacheSources } : {}), lex: b.lex, rawLex: new ShellLex(b.lex.escape, { rawQuotes: true, rawEscapes: true }), metaArgs: b.metaArgs, consumedArgs: b.consumed,
      log: new StepLog(outputs.for(pos), b.log.quiet),
      settings: { ...req, signal },
      stage: (ref) => {
        const j = stageIndex(stages, ref, i);
        if (j === undefined) return undefined;
        return results.get(j) ?? Promise.reject(new Error(`stage ${ref} is not part of this build`));
      },
      cacheMount: async (id) => {
        const dir = join(this.#mounts, Buffer.from(id).toString('hex'));
        await mkdir(dir, { recursive: true });
        return dir;
      },
      lockCacheMount: (id, fn) => this.#locks.run(id, fn),
    });
    plan.stages.forEach((i, pos) => {
      const first = 1 + b.metaSteps.length + sizes.slice(0, pos).reduce((a, n) => a + n, 0);
      const deps = plan.deps.get(i) ?? [];
      const run = async () => {
        await Promise.all(deps.map((d) => results.get(d)));
        return buildStage(ctxFor(i, pos), stages[i]!, { first, total });
      };
      const p = run().finally(() => outputs.finish(pos));
      p.catch(() => abort.abort());
      results.set(i, p);
    });
    const settled = await Promise.allSettled(plan.stages.map((i) => results.get(i)!));
    const failed = firstFailure(settled, req.signal);
    if (failed) throw failed;
    return (settled[settled.length - 1] as PromiseFulfilledResult<StageState>).value;
  }
}

/** The first real failure (not an abort this build caused after it). */
function firstFailure(settled: PromiseSettledResult<StageState>[], outer?: AbortSignal): unknown {
  const errors = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  if (errors.length === 0) return undefined;
  if (outer?.aborted) return outer.reason;
  return errors.find((e) => !(e instanceof Error && e.name === 'AbortError')) ?? errors[0];
}

/** The ARGs before the first FROM, with their values (a build arg wins over the default). */
function globalArgs(df: Dockerfile, lex: ShellLex, given: ReadonlyMap<string, string>, consumed: Set<string>): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const ins of df.metaArgs) {
    for (const a of ins.args) {
      consumed.add(a.key);
      const env = new Map([...values].filter((e): e is [string, string] => e[1] !== undefined));
      values.set(a.key, given.get(a.key) ?? (a.value !== undefined ? lex.processWord(a.value, env) : undefined));
    }
  }
  return values;
}

/** The stages with the `--label` steps appended to the target, one LABEL per label in key order (Docker's output). */
function withLabels(df: Dockerfile, target: number, labels: Record<string, string>): Dockerfile['stages'] {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return df.stages;
  const steps: Instruction[] = keys.map((k) => ({
    kind: 'label', labels: [{ key: literal(k), value: literal(labels[k]!) }], location: { startLine: 0, endLine: 0, original: `LABEL ${k}=${labels[k]}` },
  }));
  return df.stages.map((s, i) => (i === target ? { ...s, commands: [...s.commands, ...steps] } : s));
}

/** A word that expands to exactly `s` (single quotes keep everything literal). */
function literal(s: string): string {
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}
