/**
 * One table from instruction kind to its step (STYLE: registration tables, not if-chains). Words are
 * expanded against the stage's ARGs and ENV as the step is reached, then the step's result is
 * committed (or found in the cache) by `commitStep`.
 */
import type { Instruction } from '../instructions/types.js';
import { expandInstruction, type WordExpander } from '../instructions/expand.js';
import { commitStep, type StepContext, type StepResult } from './step.js';
import { expansionEnv, type StageState } from './state.js';
import * as meta from './steps/metadata.js';
import { arg, workdir } from './steps/arg-workdir.js';
import { run } from './steps/run.js';
import { add, copy } from './steps/copy.js';

type Step<K extends Instruction['kind']> = (ctx: StepContext, s: StageState, ins: Extract<Instruction, { kind: K }>) => StepResult | Promise<StepResult>;

const STEPS: { [K in Instruction['kind']]: Step<K> } = {
  run, copy, add, arg, workdir,
  cmd: (_c, s, i) => meta.cmd(s, i),
  entrypoint: (_c, s, i) => meta.entrypoint(s, i),
  label: (_c, s, i) => meta.label(s, i),
  maintainer: (_c, s, i) => meta.maintainer(s, i),
  expose: (_c, s, i) => meta.expose(s, i),
  env: (_c, s, i) => meta.env(s, i),
  volume: (_c, s, i) => meta.volume(s, i),
  user: (_c, s, i) => meta.user(s, i),
  onbuild: (_c, s, i) => meta.onbuild(s, i),
  stopsignal: (_c, s, i) => meta.stopsignal(s, i),
  healthcheck: (_c, s, i) => meta.healthcheck(s, i),
  shell: (_c, s, i) => meta.shell(s, i),
};

/** Word expansion against the state's ARGs and ENV. */
export function expanderFor(ctx: StepContext, env: ReadonlyMap<string, string>): WordExpander {
  return { word: (w) => ctx.lex.processWord(w, env), words: (w) => ctx.lex.processWords(w, env) };
}

/** Runs one instruction over `s`; returns the state after it. */
export async function dispatch(ctx: StepContext, s: StageState, ins: Instruction): Promise<StageState> {
  ctx.settings.signal?.throwIfAborted();
  const env = expansionEnv(s);
  // A here-document's body keeps its quotes and escapes: only its variables are expanded.
  const raw = (text: string) => ctx.rawLex.processWord(text, env);
  const expanded = expandInstruction(ins, expanderFor(ctx, env), raw);
  const step = STEPS[expanded.kind] as Step<typeof expanded.kind>;
  return commitStep(ctx, s, await step(ctx, s, expanded as never));
}
