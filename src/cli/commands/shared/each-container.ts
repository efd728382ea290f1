/**
 * Docker's pattern for commands over several containers (pause, unpause, update, …): the calls run
 * in parallel, each success prints its name in the order given, and the errors are printed after,
 * one per line, with exit 1.
 */
import type { CliContext } from '../../context.js';
import { StatusError, errorText } from '../../errors.js';

export async function forEachContainer<T>(ctx: CliContext, names: readonly string[], op: (name: string) => Promise<T>): Promise<T[]> {
  const results = await Promise.allSettled(names.map(op));
  const errors: string[] = [];
  const values: T[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') {
      ctx.out(`${names[i]}\n`);
      values.push(r.value);
    } else {
      errors.push(errorText(r.reason));
    }
  });
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return values;
}
