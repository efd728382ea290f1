/**
 * `wharf build --output`: the built image's filesystem written out as BuildKit's exporters do —
 * `type=local,dest=DIR` (also `-o DIR`) unpacks it into a directory, `type=tar,dest=FILE` (also
 * `-o -` for stdout) writes it as one tar. Done here through the Engine API: a container is created
 * from the image (never started), exported, and removed.
 */
import { mkdir } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { extractInto } from '../../../archive/apply.js';
import type { Transport } from '../../../client/transport.js';
import { StatusError } from '../../errors.js';

export interface OutputSpec { type: 'local' | 'tar'; dest: string }

/** Reads one `--output` value. */
export function parseOutput(text: string): OutputSpec {
  if (!text.includes('=')) return text === '-' ? { type: 'tar', dest: '-' } : { type: 'local', dest: text };
  const fields = new Map(text.split(',').map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)] as const));
  const type = fields.get('type') ?? 'local';
  if (type !== 'local' && type !== 'tar') throw new StatusError(1, `output type "${type}" is not supported: local or tar`);
  for (const k of fields.keys()) if (k !== 'type' && k !== 'dest') throw new StatusError(1, `unknown output option "${k}"`);
  const dest = fields.get('dest');
  if (!dest) throw new StatusError(1, `dest is required for ${type} output`);
  return { type, dest };
}

/** Writes image `id`'s filesystem to the output; `stdout` for `dest=-`. */
export async function exportImage(t: Transport, id: string, o: OutputSpec, stdout: NodeJS.WritableStream): Promise<void> {
  const { Id } = await t.json<{ Id: string }>({ method: 'POST', path: '/containers/create', json: { Image: id, Cmd: ['/'], Entrypoint: [] } });
  try {
    const res = await t.request({ method: 'GET', path: `/containers/${Id}/export` });
    if (o.type === 'local') {
      await mkdir(o.dest, { recursive: true });
      await extractInto(res, o.dest);
    } else if (o.dest === '-') {
      await pipeline(res, stdout, { end: false });
    } else {
      await pipeline(res, createWriteStream(o.dest));
    }
  } finally {
    await t.call({ method: 'DELETE', path: `/containers/${Id}`, query: { force: true } });
  }
}
