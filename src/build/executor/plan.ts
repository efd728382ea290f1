/**
 * Which stages a build needs, and in what order they may run: the target (the last stage unless
 * `--target`) and, transitively, the stages it names in FROM, COPY --from and RUN --mount from=.
 * Stages nothing needs are not built (BuildKit's rule; the legacy builder ran every stage up to the
 * target). Names are resolved with the global ARGs, as FROM lines are.
 */
import type { Dockerfile, Stage } from '../instructions/types.js';
import { InstructionError } from '../instructions/types.js';

/** Resolves a stage reference (name, case-insensitive, or index) among the stages before `before`. */
export function stageIndex(stages: readonly Stage[], ref: string, before: number): number | undefined {
  const name = ref.toLowerCase();
  const byName = stages.findIndex((s, i) => i < before && s.name === name);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(ref) && Number(ref) < before) return Number(ref);
  return undefined;
}

/** The stage references of a stage (before expansion of words other than global ARGs). */
function references(stage: Stage, expand: (w: string) => string): string[] {
  const refs = [expand(stage.base)];
  for (const c of stage.commands) {
    if (c.kind === 'copy' && c.from) refs.push(expand(c.from));
    if (c.kind === 'run') for (const m of c.mounts) if ('from' in m && m.from) refs.push(expand(m.from));
  }
  return refs;
}

export interface BuildPlan {
  /** Indexes of the stages to build, in Dockerfile order. */
  stages: number[];
  target: number;
  /** For each planned stage, the stages it waits for. */
  deps: Map<number, number[]>;
}

export function planBuild(df: Dockerfile, target: string | undefined, expand: (w: string) => string): BuildPlan {
  if (df.stages.length === 0) throw new InstructionError('file with no instructions', 0, 'plain');
  let t = df.stages.length - 1;
  if (target) {
    const i = df.stages.findIndex((s) => s.name === target.toLowerCase());
    if (i < 0) throw new InstructionError(`failed to reach build target ${target} in Dockerfile`, 0, 'plain');
    t = i;
  }
  const deps = new Map<number, number[]>();
  const visit = (i: number) => {
    if (deps.has(i)) return;
    const d = references(df.stages[i]!, expand).map((r) => stageIndex(df.stages, r, i)).filter((x): x is number => x !== undefined);
    deps.set(i, [...new Set(d)]);
    for (const j of d) visit(j);
  };
  visit(t);
  return { stages: [...deps.keys()].sort((a, b) => a - b), target: t, deps };
}
