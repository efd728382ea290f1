/**
 * One stage: FROM (scratch, an earlier stage, or an image, pulled when missing), the base image's
 * ONBUILD triggers, then each instruction in order.
 */
import type { Stage } from '../instructions/types.js';
import { parseDockerfile } from '../parser/parser.js';
import { parseInstruction } from '../instructions/parse.js';
import { InstructionError } from '../instructions/types.js';
import { dispatch } from './dispatch.js';
import { imageFetch, type StepContext } from './step.js';
import type { StageState } from './state.js';

/** Step numbers: the first of the stage and the build's total. */
export interface StepNumbers { first: number; total: number }

/** Docker's default PATH on Linux, which every stage's run config gets when its base has none. */
const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The state a stage starts from, with the default PATH when the base sets none (moby's setDefaultPath). */
async function from(ctx: StepContext, stage: Stage, base: string): Promise<StageState> {
  const s = await baseState(ctx, stage, base);
  const env = s.config.Env ?? [];
  return env.some((e) => e.startsWith('PATH=')) ? s : { ...s, config: { ...s.config, Env: [...env, DEFAULT_PATH] } };
}

async function baseState(ctx: StepContext, stage: Stage, base: string): Promise<StageState> {
  if (base.toLowerCase() === 'scratch') return { config: {}, args: new Map() };
  const earlier = ctx.stage(base);
  if (earlier) {
    const s = await earlier;
    return { ...(s.image ? { image: s.image } : {}), config: s.config, args: new Map() };
  }
  const platform = stage.platform ? ctx.lex.processWord(stage.platform, metaEnv(ctx)) : ctx.settings.platform;
  const image = await ctx.worker.image(base, imageFetch(ctx, ctx.settings.pull, platform), ctx.log.out);
  return { image, config: { ...(image.config.config ?? {}) }, args: new Map() };
}

function metaEnv(ctx: StepContext): Map<string, string> {
  return new Map([...ctx.metaArgs].filter((e): e is [string, string] => e[1] !== undefined));
}

/** The base image's ONBUILD triggers, run as the legacy builder runs them (no step numbers). */
async function triggers(ctx: StepContext, s: StageState, line: number): Promise<StageState> {
  const list = s.config.OnBuild ?? [];
  let state: StageState = { ...s, config: { ...s.config, OnBuild: null } };
  if (list.length === 0) return state;
  ctx.log.note(`# Executing ${list.length} build trigger${list.length === 1 ? '' : 's'}\n`);
  for (const text of list) {
    const node = parseDockerfile(text).instructions[0];
    const ins = node && parseInstruction(node);
    if (!ins || ins.kind === 'from') throw new InstructionError(`invalid ONBUILD trigger: ${text}`, line);
    state = await dispatch(ctx, state, ins);
  }
  return state;
}

/** Builds `stage`; returns its final state. */
export async function buildStage(ctx: StepContext, stage: Stage, n: StepNumbers): Promise<StageState> {
  ctx.log.step(n.first, n.total, stage.location.original);
  const base = ctx.lex.processWord(stage.base, metaEnv(ctx));
  if (base === '') throw new InstructionError('base name (' + stage.base + ') should not be blank', stage.location.startLine);
  let state = await from(ctx, stage, base);
  ctx.log.result(state.image?.id);
  state = await triggers(ctx, state, stage.location.startLine);
  let i = n.first;
  for (const ins of stage.commands) {
    ctx.log.step(++i, n.total, ins.location.original);
    state = await dispatch(ctx, state, ins);
  }
  return state;
}
