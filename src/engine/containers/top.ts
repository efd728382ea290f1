/**
 * `top`: runs the host's ps with the user's arguments (default `-ef`) and keeps the rows of the
 * container's processes, those in its cgroup, as moby does. ps is first asked for just those
 * processes (`-q pid,…`); some options cannot be combined with `-q`, so on failure ps runs again
 * without it. A ps failure is reported with the first line ps wrote to stderr.
 */
import { execFile } from 'node:child_process';
import { ConflictError, InternalError } from '../errors.js';
import { parsePsOutput, validatePsArgs } from './ps-output.js';
import type { ContainerRecord } from './record.js';
import { hasProcess } from './record.js';
import type { StatsSampler } from './stats/sampler.js';
import type { TopResult } from './stats/types.js';

/** ps's output is small; this bounds a pathological one. */
const MAX_PS_OUTPUT = 16 * 1024 * 1024;

function ps(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ps', args, { maxBuffer: MAX_PS_OUTPUT, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const first = stderr.split('\n', 1)[0] ?? '';
      const status = typeof err.code === 'number' ? `exit status ${err.code}` : err.message;
      reject(new InternalError(`ps: ${first || status}`));
    });
  });
}

/** The ps arguments to use (Docker's default `-ef`), refused as Docker refuses them: before the container is looked up. */
export function topArgs(psArgs: string | undefined): string {
  const args = psArgs || '-ef';
  validatePsArgs(args);
  return args;
}

/** The container must be running: a restarting one is refused with Docker's own message. */
function checkTopState(rec: ContainerRecord): void {
  if (rec.State.Status === 'restarting') throw new ConflictError(`Container ${rec.Id} is restarting, wait until the container is running`);
  if (!hasProcess(rec.State)) throw new ConflictError(`Container ${rec.Id} is not running`);
}

/** The processes of a running container as ps shows them with `args` (from `topArgs`). */
export async function containerTop(rec: ContainerRecord, args: string, cgroups: Pick<StatsSampler, 'processes'>): Promise<TopResult> {
  checkTopState(rec);
  const pids = (await cgroups.processes(rec.State.Pid)) ?? [];
  const split = args.split(' ');
  const output = await ps([...split, `-q${pids.join(',')}`]).catch(() => ps(split));
  return parsePsOutput(output, pids);
}
