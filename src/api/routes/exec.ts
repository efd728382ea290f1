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

/** A JSON value's kind in Go's decoding errors. */
const goKind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);

/** Go's decoding errors for a body that is not an ExecConfig, or whose string lists are not. */
function checkBody(body: unknown): asserts body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, `json: cannot unmarshal ${goKind(body)} into Go value of type types.ExecConfig`);
  }
  for (const key of ['Cmd', 'Env'] as const) {
    const v = (body as Record<string, unknown>)[key];
    if (v !== undefined && v !== null && !isStrings(v)) {
      throw new ApiError(400, `json: cannot unmarshal ${goKind(v)} into Go struct field ExecConfig.${key} of type []string`);
    }
  }
}

/** What `ctx.json` gives for an empty body, told apart from any JSON value by identity. */
const NO_BODY = Object.freeze({});

async function create(ctx: Ctx): Promise<void> {
  const body = await ctx.json<unknown>(NO_BODY);
  if (body === NO_BODY) throw new ApiError(400, 'got EOF while reading request body');
  checkBody(body);
  ctx.send(201, ctx.engine.exec.create(ctx.param('id'), body as ExecCreateRequest));
}

function startOptions(body: StartBody): ExecStartOptions {
  const size = body.ConsoleSize;
  return Array.isArray(size) && size.length === 2 ? { consoleSize: [Number(size[0]), Number(size[1])] } : {};
}

function parseStart(raw: Buffer): StartBody {
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
  const body = parseStart(await pending.body);
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
