/**
 * Areas Wharf does not implement (swarm, plugins): Docker's answers outside a swarm (503 "This node
 * is not a swarm manager…", which clients know to ignore) rather than "page not found", so clients
 * can tell a missing feature from a wrong path.
 */
import type { Router } from '../router.js';
import { NOT_MANAGER, NotImplementedError, UnavailableError } from '../../engine/errors.js';

export { NOT_MANAGER };

const notManager = () => { throw new UnavailableError(NOT_MANAGER); };

/** Swarm object kinds Docker serves at `/<kind>`, `/<kind>/create`, `/<kind>/{id}`, `/<kind>/{id}/update`. */
const KINDS = ['nodes', 'services', 'tasks', 'secrets', 'configs'];

export function registerStubRoutes(r: Router): void {
  r.add('GET', '/swarm', notManager);
  for (const op of ['update', 'unlock']) r.add('POST', `/swarm/${op}`, notManager);
  r.add('GET', '/swarm/unlockkey', notManager);
  r.add('POST', '/swarm/leave', () => { throw new UnavailableError('This node is not part of a swarm'); });
  for (const op of ['init', 'join']) r.add('POST', `/swarm/${op}`, () => { throw new NotImplementedError('Wharf does not support swarm mode'); });
  for (const kind of KINDS) {
    r.add('GET', `/${kind}`, notManager);
    r.add('POST', `/${kind}/create`, notManager);
    r.add('GET', `/${kind}/{id}`, notManager);
    r.add('DELETE', `/${kind}/{id}`, notManager);
    r.add('POST', `/${kind}/{id}/update`, notManager);
  }
  r.add('GET', '/services/{id}/logs', notManager);
  r.add('GET', '/tasks/{id}/logs', notManager);
  r.add('GET', '/plugins', (ctx) => ctx.send(200, []));
}
