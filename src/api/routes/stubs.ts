/**
 * Areas Wharf does not implement (swarm, plugins, secrets…): Docker-style errors rather than
 * "page not found", so clients can tell a missing feature from a wrong path.
 */
import type { Router } from '../router.js';
import { ApiError } from '../errors.js';

const SWARM = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

export function registerStubRoutes(r: Router): void {
  for (const path of ['/swarm', '/nodes', '/services', '/tasks', '/secrets', '/configs']) {
    r.add('GET', path, () => { throw new ApiError(503, SWARM); });
  }
  r.add('GET', '/plugins', (ctx) => ctx.send(200, []));
}
