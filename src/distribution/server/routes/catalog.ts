/** `GET /v2/_catalog[?n=&last=]`: repository names in ASCII order, paginated with a `Link` header. */
import type { Handler, Route } from '../context.js';
import { page, parsePageSize, sendJson } from '../http-util.js';
import { nextLink } from './common.js';

const catalog: Handler = async (ctx) => {
  const { repos, config } = ctx.services;
  const n = parsePageSize(ctx.url.searchParams.get('n'), config.catalogMaxEntries) ?? config.catalogMaxEntries;
  const all = await repos.listRepositories();
  const { items, more } = page(all, (r) => r, n, ctx.url.searchParams.get('last'));
  const headers: Record<string, string> = {};
  const lastItem = items.at(-1);
  if (more && n && lastItem) headers.Link = nextLink('/v2/_catalog', n, lastItem);
  sendJson(ctx.res, 200, { repositories: items }, headers);
};

/** The catalog route (needs `registry:catalog:*` under token auth). */
export const catalogRoutes: Route[] = [
  {
    pattern: /^_catalog$/,
    methods: { GET: catalog },
    access: () => [{ type: 'registry', name: 'catalog', actions: ['*'] }],
  },
];
