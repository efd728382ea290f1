/** `/_ping`, `/version`, `/info`. */
import type { Router } from '../router.js';

export function registerSystemRoutes(r: Router): void {
  const ping = (ctx: import('../context.js').Ctx) => {
    const res = ctx.response;
    res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Builder-Version', '1');
    res.setHeader('Swarm', 'inactive');
    if (ctx.req.method === 'HEAD') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 0 }).end();
    } else {
      ctx.text(200, 'OK');
    }
  };
  r.add('GET', '/_ping', ping).add('HEAD', '/_ping', ping);
  r.add('GET', '/version', (ctx) => ctx.send(200, ctx.engine.system.version()));
  r.add('GET', '/info', (ctx) => ctx.send(200, ctx.engine.system.info()));
}
