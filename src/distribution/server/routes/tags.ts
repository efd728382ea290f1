/** `GET /v2/<name>/tags/list[?n=&last=]`: tags in ASCII order, paginated with a `Link` header. */
import type { Handler, Route } from '../context.js';
import { RegistryError } from '../errors.js';
import { page, parsePageSize, sendJson } from '../http-util.js';
import { nextLink } from './common.js';

const listTags: Handler = async (ctx) => {
  const { repos, config, proxy } = ctx.services;
  const name = ctx.params.name;
  if (proxy) await proxy.syncTags(name).catch(() => undefined);
  if (!(await repos.exists(name))) throw new RegistryError('NAME_UNKNOWN', { detail: { name } });
  const n = parsePageSize(ctx.url.searchParams.get('n'), config.tagsMaxEntries);
  const last = ctx.url.searchParams.get('last');
  const all = await repos.listTags(name);
  const { items, more } = page(all, (t) => t, n ?? all.length, last);
  const headers: Record<string, string> = {};
  const lastItem = items.at(-1);
  if (more && n && lastItem) headers.Link = nextLink(`/v2/${name}/tags/list`, n, lastItem);
  sendJson(ctx.res, 200, { name, tags: items }, headers);
};

/** The tag list route. */
export const tagRoutes: Route[] = [{ pattern: /^(.+)\/tags\/list$/, methods: { GET: listTags } }];
