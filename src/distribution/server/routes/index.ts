/**
 * The registry's route table, in match order: more specific patterns first (upload sessions
 * before blobs, since `<name>/blobs/uploads` would also match `<name>/blobs/<digest>`).
 */
import type { Handler, Route } from '../context.js';
import { sendJson } from '../http-util.js';
import { blobRoutes } from './blobs.js';
import { catalogRoutes } from './catalog.js';
import { manifestRoutes } from './manifests.js';
import { referrerRoutes } from './referrers.js';
import { tagRoutes } from './tags.js';
import { uploadRoutes } from './uploads.js';

/** `GET /v2/`: the version check (auth applies, so clients learn the challenge here). */
const base: Handler = async (ctx) => {
  sendJson(ctx.res, 200, {});
};

/** All `/v2/` routes. */
export const routes: Route[] = [
  { pattern: /^$/, methods: { GET: base, HEAD: base }, access: () => [] },
  ...catalogRoutes,
  ...uploadRoutes,
  ...blobRoutes,
  ...manifestRoutes,
  ...tagRoutes,
  ...referrerRoutes,
];
