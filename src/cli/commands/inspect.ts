/**
 * `wharf inspect` (container, then image, as docker tries them), `wharf image inspect` and
 * `wharf container inspect`: the daemon's JSON as a 4-space-indented array, or `--format` per object.
 * Objects not found are left out; the output still comes, then docker's error and exit 1.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { Transport } from '../../client/transport.js';
import { ApiError } from '../../client/errors.js';
import { inspectOutput } from '../format/inspect-output.js';
import { StatusError, errorText } from '../errors.js';
import { str, type ParsedFlags } from '../flags/types.js';

type Kind = 'container' | 'image' | 'volume';
const PATHS: Record<Kind, (n: string) => string> = {
  container: (n) => `/containers/${encodeURIComponent(n)}/json`,
  image: (n) => `/images/${n}/json`,
  volume: (n) => `/volumes/${encodeURIComponent(n)}`,
};
/** docker's autodetect order (networks come with their issue). */
const AUTODETECT: Kind[] = ['container', 'image', 'volume'];

/** The object, or the daemon's 404 when it does not exist. */
async function fetchOne(t: Transport, kind: Kind, name: string): Promise<{ obj: unknown } | { missing: ApiError }> {
  try {
    return { obj: await t.json<unknown>({ method: 'GET', path: PATHS[kind](name) }) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { missing: e };
    throw e;
  }
}

/** docker's words for a name not found: its own for containers, images and any object; the daemon's for `--type volume`. */
function missingText(command: Kind | undefined, want: Kind | '', name: string, err: ApiError | undefined): string {
  if (want === 'volume' && err) return errorText(err);
  return `Error: No such ${command ?? 'object'}: ${name}`;
}

function inspectCommand(kind: Kind | undefined): CommandSpec['run'] {
  return async (ctx: CliContext, p: ParsedFlags): Promise<number> => {
    const t = await ctx.transport();
    const want = kind ?? (str(p, 'type') as Kind | '');
    const kinds: Kind[] = want ? [want] : AUTODETECT;
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const name of p.args) {
      let got: { obj: unknown } | { missing: ApiError } | undefined;
      for (const k of kinds) if ('obj' in (got = await fetchOne(t, k, name))) break;
      if (got && 'obj' in got) found.push(got.obj);
      else missing.push(missingText(kind, want, name, got?.missing));
    }
    ctx.out(inspectOutput(found, str(p, 'format')));
    if (missing.length === 0) return 0;
    throw new StatusError(1, missing.join('\n'));
  };
}

const FLAGS: CommandSpec['flags'] = [
  { long: 'format', short: 'f', type: 'string', usage: 'Format output using a custom template:\n\'json\':             Print in JSON format\n\'TEMPLATE\':         Print output using the given Go template.' },
  { long: 'size', short: 's', type: 'bool', usage: 'Display total file sizes if the type is container' },
];

/** `wharf inspect`. */
export const command: CommandSpec = {
  name: 'inspect',
  use: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  flags: [...FLAGS, { long: 'type', type: 'string', usage: 'Only inspect objects of the given type' }],
  args: { kind: 'min', n: 1 },
  run: inspectCommand(undefined),
};

/** `wharf image inspect`. */
export const imageInspect: CommandSpec = {
  name: 'image inspect',
  use: 'image inspect [OPTIONS] IMAGE [IMAGE...]',
  short: 'Display detailed information on one or more images',
  flags: [FLAGS[0]!],
  args: { kind: 'min', n: 1 },
  run: inspectCommand('image'),
};

/** `wharf container inspect`. */
export const containerInspect: CommandSpec = {
  name: 'container inspect',
  use: 'container inspect [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Display detailed information on one or more containers',
  flags: FLAGS,
  args: { kind: 'min', n: 1 },
  run: inspectCommand('container'),
};
