/**
 * `wharf inspect` (container, then image, as docker tries them), `wharf image inspect` and
 * `wharf container inspect`: the daemon's JSON as a 4-space-indented array, or `--format` per object.
 * Objects not found are left out; the output still comes, then docker's error and exit 1.
 */
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import type { Transport } from '../../client/transport.js';
import { ApiError } from '../../client/errors.js';
import { compile } from '../format/formatter.js';
import { execute } from '../format/template/exec.js';
import { basicFuncs } from '../format/template/funcs.js';
import { StatusError } from '../errors.js';
import { str, type ParsedFlags } from '../flags/types.js';

type Kind = 'container' | 'image';
const PATHS: Record<Kind, (n: string) => string> = {
  container: (n) => `/containers/${encodeURIComponent(n)}/json`,
  image: (n) => `/images/${n}/json`,
};

/** The object, or undefined when the daemon says it does not exist. */
async function fetchOne(t: Transport, kind: Kind, name: string): Promise<unknown> {
  try {
    return await t.json<unknown>({ method: 'GET', path: PATHS[kind](name) });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

function inspectCommand(kind: Kind | undefined): CommandSpec['run'] {
  return async (ctx: CliContext, p: ParsedFlags): Promise<number> => {
    const t = await ctx.transport();
    const want = kind ?? (str(p, 'type') as Kind | '');
    const kinds: Kind[] = want ? [want] : ['container', 'image'];
    const found: unknown[] = [];
    const missing: string[] = [];
    for (const name of p.args) {
      let obj: unknown;
      for (const k of kinds) if ((obj = await fetchOne(t, k, name)) !== undefined) break;
      if (obj === undefined) missing.push(name);
      else found.push(obj);
    }
    const format = str(p, 'format');
    if (format) {
      const nodes = compile(format === 'json' ? '{{json .}}' : format);
      for (const obj of found) ctx.out(`${execute(nodes, obj, basicFuncs)}\n`);
    } else {
      ctx.out(`${JSON.stringify(found, null, 4)}\n`);
    }
    if (missing.length === 0) return 0;
    const what = kind === 'image' ? 'image' : kind === 'container' ? 'container' : 'object';
    throw new StatusError(1, missing.map((m) => `Error: No such ${what}: ${m}`).join('\n'));
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
