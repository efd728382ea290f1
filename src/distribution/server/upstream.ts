/**
 * The upstream registry of a pull-through cache, reached with the registry client's stack (one
 * HTTP and auth implementation in the project): the configured `remoteurl` is the only endpoint,
 * trusted with the system CAs plus `cafile`, with Basic credentials or Bearer tokens from the
 * upstream's realm.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { RegistryConfig } from './config.js';
import { RegistrySession } from '../client/session.js';
import { Transport } from '../client/transport.js';

type ProxyConfig = NonNullable<RegistryConfig['proxy']>;

/** A session with the upstream, for the cache's whole life. */
export function upstreamSession(cfg: ProxyConfig, transport = new Transport({ headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 })): RegistrySession {
  const url = new URL(cfg.remoteUrl);
  const tls = { verify: true, ...(cfg.caFile ? { ca: [...rootCertificates, readFileSync(cfg.caFile, 'utf8')] } : {}) };
  const endpoint = { base: `${url.protocol}//${url.host}`, tls, mirror: false };
  return new RegistrySession(transport, async () => [endpoint], url.host, cfg.username ? { username: cfg.username, password: cfg.password ?? '' } : {});
}
