/**
 * `/containers/{id}/exec`, `/exec/{id}/start|resize|json`. A start without Detach takes over the
 * connection (101, or 200 on the plain form) once its options are read and the instance is known
 * (404 answered as JSON first, as Docker does); from then on even a refused start travels in the
 * stream: its message on stdout. Output is framed unless the start asked for a TTY (Docker frames
 * by the start's Tty, and names the content type by the instance's).
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { execInspect } from '../wire/exec.js';
import type { ExecCreateRequest, ExecStartOptions } from '../../engine/engine.js';
import { DEFAULT_DETACH_KEYS, parseDetachKeys } from '../../protocol/detach-keys.js';
import { streamContentType } from '../stream/hijack.js';
import { prepareStreamConnection } from '../stream/connection.js';
import { pipeSession } from '../stream/pipe.js';

interface StartBody { Detach?: boolean; Tty?: boolean; ConsoleSize?: [number, number] | null }

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Go's decoding errors for the fields Docker types as string lists. */
function checkLists(body: Record<string, unknown>): void {
  for (const key of ['Cmd', 'Env'] as const) {
    const v = body[key];
    if (v === undefined || v === null || isStrings(v)) continue;
    const kind = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
    throw new ApiError(400, `json: cannot unmarshal ${kind} into Go struct field ExecConfig.${key} of type []string`);
  }
}

async function create(ctx: Ctx): Promise<void> {
  const body = await ctx.json<Record<string, unknown> | null>(null);
  if (body === null) throw new ApiError(400, 'got EOF while reading request body');
  if (typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'json: cannot unmarshal into Go value of type types.ExecConfig');
  checkLists(body);
  ctx.send(201, ctx.engine.exec.create(ctx.param('id'), body as ExecCreateRequest));
}

function startOptions(body: StartBody): ExecStartOptions {
  const size = body.ConsoleSize;
  return Array.isArray(size) && size.length === 2 ? { consoleSize: [Number(size[0]), Number(size[1])] } : {};
}

async function parseStart(raw: Buffer): Promise<StartBody> {
  if (raw.length === 0) return {};
  try {
    const v = JSON.parse(raw.toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as StartBody) : {};
  } catch (e) {
    throw new ApiError(400, `invalid JSON: ${(e as Error).message}`);
  }
}

async function start(ctx: Ctx): Promise<void> {
  const id = ctx.param('id');
  const pending = prepareStreamConnection(ctx);
  const body = await parseStart(await pending.body);
  const options = startOptions(body);
  if (body.Detach) {
    await ctx.engine.exec.start(id, options);
    return pending.respond(200);
  }
  const session = ctx.engine.exec.attach(id, options);
  const conn = pending.open(streamContentType(session.tty, ctx.version));
  const keys = session.detachKeys.length > 0 ? session.detachKeys : parseDetachKeys(DEFAULT_DETACH_KEYS);
  pipeSession(conn, session, { framed: !body.Tty, detachKeys: session.tty ? keys : [] });
}

/** Docker's strconv.Atoi on `h` and `w`. */
function dimension(ctx: Ctx, name: 'h' | 'w'): number {
  const v = ctx.query.get(name) ?? '';
  if (!/^[+-]?\d+$/.test(v)) throw new ApiError(400, `strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

export function registerExecRoutes(r: Router): void {
  r.add('POST', '/containers/{id}/exec', create);
  r.add('POST', '/exec/{id}/start', start);
  r.add('POST', '/exec/{id}/resize', async (ctx) => {
    await ctx.engine.exec.resize(ctx.param('id'), dimension(ctx, 'h'), dimension(ctx, 'w'));
    ctx.text(200, '');
  });
  r.add('GET', '/exec/{id}/json', (ctx) => ctx.send(200, execInspect(ctx.engine.exec.inspect(ctx.param('id')))));
}
