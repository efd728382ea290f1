/**
 * `GET /containers/{id}/logs`: the log, framed per stream unless the container has a TTY; `follow`
 * streams until it stops. Written at the client's pace: the log is read no faster than it is sent.
 */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { encodeFrame, StdStream } from '../../protocol/framing.js';
import { streamContentType } from '../stream/hijack.js';
import { writePaced } from '../stream/backpressure.js';

/**
 * `since`/`until` as the API carries them: Unix seconds, signed, with an optional fraction (the
 * client converts what users type). Docker reads `until=0` as no bound. A value that is not one is
 * a 400 here; Docker answers 500 with strconv.ParseInt's message.
 */
function seconds(ctx: Ctx, name: 'since' | 'until'): number | undefined {
  const v = ctx.query.get(name);
  if (!v || (name === 'until' && v === '0')) return undefined;
  if (!/^[+-]?\d+(\.\d{1,9})?$/.test(v)) throw new ApiError(400, `invalid value for ${name}: ${v}`);
  return Number(v);
}

async function logs(ctx: Ctx): Promise<void> {
  const stdout = ctx.bool('stdout');
  const stderr = ctx.bool('stderr');
  if (!stdout && !stderr) throw new ApiError(400, 'Bad parameters: you must choose at least one stream');
  const tailRaw = ctx.query.get('tail');
  // Docker reads anything but a non-negative number (`all`, `-1`, `abc`) as "everything".
  const tail = tailRaw && /^\d+$/.test(tailRaw) ? Number(tailRaw) : undefined;
  const timestamps = ctx.bool('timestamps');
  const log = ctx.engine.containers.logs(ctx.param('id'), {
    stdout, stderr, tail, timestamps, follow: ctx.bool('follow'), since: seconds(ctx, 'since'), until: seconds(ctx, 'until'),
  });
  const res = ctx.response;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  res.writeHead(200, { 'Content-Type': streamContentType(log.tty, ctx.version) });
  res.flushHeaders();
  await log.read((e) => {
    const data = timestamps ? Buffer.concat([Buffer.from(`${e.time} `), e.data]) : e.data;
    return writePaced(res, log.tty ? data : encodeFrame(StdStream[e.stream], data));
  }, abort.signal);
  res.end();
}

export function registerLogsRoutes(r: Router): void {
  r.add('GET', '/containers/{id}/logs', logs);
}
