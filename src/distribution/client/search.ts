/**
 * `docker search` against a registry's v1 search (`/v1/search?q=&n=`), as dockerd does it: the
 * index is the term's registry (docker.io's is index.docker.io), pinged at `/v1/_ping` over HTTPS,
 * then HTTP when the registry is insecure; results are filtered by the daemon.
 */
import { DEFAULT_DOMAIN } from '../../reference/reference.js';
import type { Credentials } from './auth.js';
import { RegistryStatusError, RegistryTransportError } from './errors.js';
import type { RegistryHosts } from './hosts.js';
import { readBody, type Transport } from './transport.js';

/** One search result: the registry's v1 row, which the Engine API passes on as it is. */
export type { SearchResult } from '../server/search.js';
import type { SearchResult } from '../server/search.js';

/** Splits `host:5000/term` into the index and the term (Docker: a first part with `.` or `:` or `localhost` is a host). */
export function splitSearchTerm(term: string): { index: string; term: string } {
  const slash = term.indexOf('/');
  const first = slash < 0 ? '' : term.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) return { index: first, term: term.slice(slash + 1) };
  return { index: DEFAULT_DOMAIN, term };
}

export async function searchRegistry(transport: Transport, hosts: RegistryHosts, rawTerm: string, limit: number, creds: Credentials = {}): Promise<SearchResult[]> {
  const { index, term } = splitSearchTerm(rawTerm);
  const host = index === DEFAULT_DOMAIN ? 'index.docker.io' : index;
  const insecure = index === DEFAULT_DOMAIN ? false : await hosts.insecure(host);
  const tls = hosts.tls(host, insecure);
  const bases = insecure ? [`https://${host}`, `http://${host}`] : [`https://${host}`];
  const failures: string[] = [];
  let base: string | undefined;
  for (const b of bases) {
    try {
      const ping = await transport.send({ method: 'GET', url: `${b}/v1/_ping`, tls: b.startsWith('http:') ? { verify: false } : tls });
      ping.body.resume();
      base = b;
      break;
    } catch (e) {
      if (!(e instanceof RegistryTransportError)) throw e;
      failures.push(e.message);
    }
  }
  if (!base) {
    const attempts = failures.map((f, i) => `${i === 0 ? 'HTTPS' : 'HTTP'} attempt: ${f}`).join('. ');
    throw new RegistryTransportError(`invalid registry endpoint "${bases.at(-1)}/v1/". ${attempts}`);
  }
  const headers: Record<string, string> = {};
  if (creds.username) headers.Authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
  const url = `${base}/v1/search?q=${encodeURIComponent(term)}&n=${limit}`;
  const res = await transport.send({ method: 'GET', url, tls: base.startsWith('http:') ? { verify: false } : tls, headers });
  const body = await readBody(res.body, 16 << 20, 'search response');
  if (res.status !== 200) throw new RegistryStatusError(res.status, `Unexpected status code ${res.status}`);
  let doc: { results?: Array<Partial<SearchResult>> };
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryStatusError(500, 'invalid search response from the registry');
  }
  return (doc.results ?? []).map((r) => ({
    star_count: Number(r.star_count ?? 0), is_official: Boolean(r.is_official), name: String(r.name ?? ''),
    is_automated: Boolean(r.is_automated), description: String(r.description ?? ''),
  }));
}
