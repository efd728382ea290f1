/**
 * `X-Registry-Config` of `POST /build`: credentials for every registry the client knows, keyed as
 * the docker CLI keys them (`https://index.docker.io/v1/` for Docker Hub, `host[:port]` otherwise,
 * sometimes with a scheme). A FROM picks the entry of its image's registry.
 */
import { parseNormalizedNamed } from '../../reference/reference.js';
import type { RegistryCredentials } from '../../build/executor/worker.js';

const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://host:port/v1/` → `host:port`; Docker Hub's names → `docker.io`. */
function hostOf(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
  return HUB.has(host) ? 'docker.io' : host;
}

/** The credentials for `ref`'s registry, if the build has some (a reference that does not parse has none). */
export function credentialsFor(ref: string, config: Readonly<Record<string, RegistryCredentials>>): RegistryCredentials | undefined {
  let domain: string;
  try {
    domain = hostOf(parseNormalizedNamed(ref).domain);
  } catch {
    return undefined;
  }
  const key = Object.keys(config).find((k) => hostOf(k) === domain);
  return key === undefined ? undefined : config[key];
}
