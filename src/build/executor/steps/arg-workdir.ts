/**
 * ARG (declares a build arg in the stage: its value is the `--build-arg`, else its default, else the
 * global ARG's) and WORKDIR (the directory is made in the image, as a layer, as Docker does).
 */
import { posix } from 'node:path';
import type { ArgInstruction, WorkdirInstruction } from '../../instructions/types.js';
import { ensureWorkingDir } from '../../../runtime/spec/in-root.js';
import { nopCmd, type StepContext, type StepResult } from '../step.js';
import { shellOf, type StageState } from '../state.js';

export function arg(ctx: StepContext, s: StageState, ins: ArgInstruction): StepResult {
  const args = new Map(s.args);
  for (const a of ins.args) {
    ctx.consumedArgs.add(a.key);
    args.set(a.key, ctx.settings.buildArgs.get(a.key) ?? a.value ?? ctx.metaArgs.get(a.key));
  }
  const comment = `ARG ${ins.args.map((a) => (a.value !== undefined ? `${a.key}=${a.value}` : a.key)).join(' ')}`;
  return { config: s.config, probeCmd: nopCmd(shellOf(s), comment), args };
}

/** WORKDIR's path: a relative one is taken from the current working directory. */
export function workdirPath(current: string | undefined, path: string): string {
  return posix.normalize(posix.isAbsolute(path) ? path : posix.join(current || '/', path));
}

export function workdir(ctx: StepContext, s: StageState, ins: WorkdirInstruction): StepResult {
  const dir = workdirPath(s.config.WorkingDir, ins.path);
  return {
    config: { ...s.config, WorkingDir: dir },
    // Docker's legacy builder writes this one as a single word after the shell.
    probeCmd: [...shellOf(s), `#(nop) WORKDIR ${dir}`],
    work: (compose) => ctx.worker.editFiles(s.image, async (root) => {
      await ensureWorkingDir(root, dir);
    }, (layer) => compose(layer)),
  };
}
