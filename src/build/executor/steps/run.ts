/**
 * RUN: the command in a real container of the step's image (runc, its own network unless told
 * otherwise), its output streamed as it comes; the container's upper dir becomes the layer. Build
 * args in scope reach the process as environment and the history as the legacy builder's
 * `|N K=V … cmd` prefix (so a changed arg misses the cache); proxy args reach the process only.
 */
import type { RunInstruction } from '../../instructions/types.js';
import type { Heredoc } from '../../parser/ast.js';
import type { StepContext, StepResult } from '../step.js';
import { envMap, shellOf, type StageState } from '../state.js';
import { withRunMounts } from './run-mounts.js';

/** Docker's predefined args: usable without an ARG, never written into history. */
export const PROXY_ARGS = new Set(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);

/** A RUN step that failed: Docker's message and the exit code. */
export class RunFailedError extends Error {
  readonly code = 'BUILD_RUN_FAILED';
  constructor(readonly command: string[], readonly exitCode: number) {
    super(`The command '${command.join(' ')}' returned a non-zero code: ${exitCode}`);
  }
}

/** The shell-form command with its here-documents: a lone one is the script; others follow the line, as a shell reads them. */
function shellCommand(command: string, heredocs: readonly Heredoc[]): string {
  if (heredocs.length === 0) return command;
  if (heredocs.length === 1 && /^<<-?(["']?)[A-Za-z_][A-Za-z0-9_]*\1$/.test(command.trim())) return heredocs[0]!.content;
  return `${command}\n${heredocs.map((h) => `${h.content}${h.name}\n`).join('')}`;
}

/** The process's argv. */
export function runCommand(s: StageState, ins: RunInstruction): string[] {
  return ins.command.form === 'exec' ? ins.command.args : [...shellOf(s), shellCommand(ins.command.command, ins.heredocs)];
}

/** Declared args with values that no ENV overrides, as `K=V`, sorted (the legacy builder's order). */
function argEnv(s: StageState): string[] {
  const env = envMap(s.config.Env);
  return [...s.args].filter(([k, v]) => v !== undefined && !env.has(k) && !PROXY_ARGS.has(k)).map(([k, v]) => `${k}=${v}`).sort();
}

export function run(ctx: StepContext, s: StageState, ins: RunInstruction): StepResult {
  const cmd = runCommand(s, ins);
  const args = argEnv(s);
  const probeCmd = args.length > 0 ? [`|${args.length}`, ...args, ...cmd] : cmd;
  const proxies = [...ctx.settings.buildArgs].filter(([k]) => PROXY_ARGS.has(k)).map(([k, v]) => `${k}=${v}`);
  const env = [...(s.config.Env ?? []), ...args, ...proxies];
  return {
    config: s.config, probeCmd,
    work: (compose) => withRunMounts(ctx, s, ins.mounts, ins.location.startLine, async (mounts) => {
      const network = ins.network && ins.network !== 'default' ? ins.network : ctx.settings.networkMode;
      const id = await ctx.worker.createContainer({
        ...(s.image ? { image: s.image.id } : {}),
        config: { ...s.config, Cmd: cmd, Env: env, Entrypoint: [] },
        ...(network ? { networkMode: network } : {}), extraHosts: ctx.settings.extraHosts,
        ...(ctx.settings.shmSize ? { shmSize: ctx.settings.shmSize } : {}), resources: ctx.settings.resources, mounts,
      });
      ctx.log.runningIn(id);
      let ok = false;
      try {
        const code = await ctx.worker.runContainer(id, (stream, d) => ctx.log.output(stream, d), ctx.settings.signal);
        if (code !== 0) throw new RunFailedError(cmd, code);
        const image = await ctx.worker.commitContainer(id, s.image?.id, (layer) => compose(layer, id));
        ok = true;
        return image;
      } finally {
        if (ctx.settings.rm || !ok) await ctx.worker.removeContainer(id);
        if (ok && ctx.settings.rm) ctx.log.removing(id);
      }
    }),
  };
}
