/**
 * The shape of docker's commands over several containers (stop, kill, restart, wait, pause, unpause,
 * update): the operation runs for each name, in parallel or one after another, each success prints its
 * line in argument order, and the failures are reported together at the end (docker's errors.Join), exit 1.
 */
import type { CliContext } from '../../context.js';
import { StatusError, errorText } from '../../errors.js';

/** How the operation is run over the names. */
export interface EachOptions {
  /** All at once (docker's parallelOperation), else one after another. */
  parallel: boolean;
}

/** Runs `op` for each name; a result string is printed as is, `undefined` prints the name. */
export async function forEachContainer(
  ctx: CliContext,
  names: readonly string[],
  op: (name: string) => Promise<string | void>,
  o: EachOptions,
): Promise<number> {
  const errors: string[] = [];
  const settle = (n: string): Promise<PromiseSettledResult<string | void>> => Promise.allSettled([op(n)]).then(([r]) => r!);
  // In parallel every operation starts now; results are still taken, and printed, in argument order.
  const started = o.parallel ? names.map(settle) : [];
  for (const [i, name] of names.entries()) {
    const r = await (started[i] ?? settle(name));
    if (r.status === 'fulfilled') ctx.out(`${r.value ?? name}\n`);
    else errors.push(errorText(r.reason));
  }
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return 0;
}
