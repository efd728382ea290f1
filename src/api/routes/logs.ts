/** `GET /containers/{id}/logs`: the log, framed per stream unless the container has a TTY; `follow` streams until it stops. */
import type { Router } from '../router.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { encodeFrame, StdStream } from '../../protocol/framing.js';
import { streamContentType } from '../stream/hijack.js';
import { readLogs } from '../../engine/containers/logs.js';

function seconds(v: string | null): number | undefined {
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new ApiError(400, `invalid value for time: ${v}`);
  return t / 1000;
}

async function logs(ctx: Ctx): Promise<void> {
  const rec = ctx.engine.containers.store.get(ctx.param('id'));
  const stdout = ctx.bool('stdout');
  const stderr = ctx.bool('stderr');
  if (!stdout && !stderr) throw new ApiError(400, 'Bad parameters: you must choose at least one stream');
  const tailRaw = ctx.query.get('tail');
  const tail = tailRaw && tailRaw !== 'all' && /^\d+$/.test(tailRaw) ? Number(tailRaw) : undefined;
  const tty = Boolean(rec.Config.Tty);
  const timestamps = ctx.bool('timestamps');
  const res = ctx.response;
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  res.writeHead(200, { 'Content-Type': streamContentType(tty, ctx.version) });
  res.flushHeaders();
  await readLogs(ctx.engine.containers, rec.Id, {
    stdout, stderr, tail, timestamps, follow: ctx.bool('follow'),
    since: seconds(ctx.query.get('since')), until: seconds(ctx.query.get('until')), signal: abort.signal,
  }, (e) => {
    const data = timestamps ? Buffer.concat([Buffer.from(`${e.time} `), e.data]) : e.data;
    res.write(tty ? data : encodeFrame(StdStream[e.stream], data));
  });
  res.end();
}

export function registerLogsRoutes(r: Router): void {
  r.add('GET', '/containers/{id}/logs', logs);
}
