/**
 * The `<noun> inspect NAME...` loop docker's commands share: each name fetched in turn, the ones
 * found printed (inspectOutput), then the daemon's errors for the others, and exit 1 if any.
 */
import type { CliContext } from '../../context.js';
import { StatusError, errorText } from '../../errors.js';
import { inspectOutput } from '../../format/inspect-output.js';

export async function inspectEach(ctx: CliContext, names: readonly string[], fetch: (name: string) => Promise<unknown>, format: string | undefined): Promise<number> {
  const found: unknown[] = [];
  const errors: string[] = [];
  for (const name of names) {
    try {
      found.push(await fetch(name));
    } catch (e) {
      errors.push(errorText(e));
    }
  }
  ctx.out(inspectOutput(found, format));
  if (errors.length > 0) throw new StatusError(1, errors.join('\n'));
  return 0;
}
