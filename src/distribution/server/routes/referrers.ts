/**
 * `GET /v2/<name>/referrers/<digest>[?artifactType=]` (distribution-spec 1.1): an OCI index of
 * the manifests whose `subject` is `<digest>`. Never 404 for a well-formed request: no referrers
 * (or no repository) is an empty index. The `artifactType` filter is announced in `OCI-Filters-Applied`.
 */
import { MediaType } from '../../../oci/media-types.js';
import type { Handler, Route } from '../context.js';
import { sendJson } from '../http-util.js';
import { digestParam } from './common.js';

const listReferrers: Handler = async (ctx) => {
  const subject = digestParam(ctx.params.ref);
  let manifests = await ctx.services.repos.listReferrers(ctx.params.name, subject);
  const headers: Record<string, string> = {};
  const filter = ctx.url.searchParams.get('artifactType');
  if (filter) {
    manifests = manifests.filter((m) => m.artifactType === filter);
    headers['OCI-Filters-Applied'] = 'artifactType';
  }
  sendJson(ctx.res, 200, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }, headers, MediaType.ociIndex);
};

/** The referrers route. */
export const referrerRoutes: Route[] = [{ pattern: /^(.+)\/referrers\/([^/]+)$/, methods: { GET: listReferrers } }];
