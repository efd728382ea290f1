/**
 * Routes: a table of `METHOD /path/{param}` → handler, filled by one module per API resource.
 * Paths are matched after the version prefix is removed; `{name}` may hold slashes when it is the
 * last segment before a fixed suffix (image names like `localhost:5000/a/b`), as Docker's router allows.
 */
import type { Ctx } from './context.js';

export type Handler = (ctx: Ctx) => Promise<void> | void;

interface Route { method: string; re: RegExp; names: string[]; handler: Handler }

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const re = pattern.replace(/\{(\w+)\}/g, (_m, n: string) => {
      names.push(n);
      return n === 'name' ? '(.+?)' : '([^/]+)';
    });
    this.#routes.push({ method, re: new RegExp(`^${re}/?$`), names, handler });
    return this;
  }

  /** The handler and params, or `undefined` (404); 'HEAD' falls back to 'GET' routes. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    for (const m of method === 'HEAD' ? ['HEAD', 'GET'] : [method]) {
      for (const r of this.#routes) {
        if (r.method !== m) continue;
        const hit = r.re.exec(path);
        if (!hit) continue;
        const params: Record<string, string> = {};
        r.names.forEach((n, i) => (params[n] = decodeURIComponent(hit[i + 1] ?? '')));
        return { handler: r.handler, params };
      }
    }
    return undefined;
  }
}
