/**
 * Certificates for test registries, made with openssl: the server side comes from the registry suite's
 * `makeTestCA` (CA + server cert for IP:127.0.0.1/DNS:localhost); this adds a client certificate signed by
 * the same CA (Docker's certs.d `client.cert`/`client.key`), a self-signed key pair for signing tokens,
 * and the certs.d layout itself.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTestCA, run } from '../registry/helpers.js';

/** A client certificate pair (PEM files). */
export interface ClientCert {
  cert: string;
  key: string;
}

/** Everything a TLS registry and its clients need (PEM file paths). */
export interface TlsFiles {
  /** The CA that signed both certificates. */
  ca: string;
  /** Server certificate and key, valid for 127.0.0.1, localhost and the extra IPs asked for. */
  cert: string;
  key: string;
  /** Client certificate signed by `ca`, for TLS client authentication. */
  client: ClientCert;
}

async function openssl(...args: string[]): Promise<void> {
  const r = await run('openssl', args, 60_000);
  if (r.code !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
}

/** Makes a CA, a server certificate (also valid for `ips`) and a client certificate in `dir` (which must exist). */
export async function makeTlsFiles(dir: string, ips: string[] = []): Promise<TlsFiles> {
  const ca = await makeTestCA(dir, { ips });
  const p = (f: string) => join(dir, f);
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('client.key'), '-out', p('client.csr'), '-subj', '/CN=wharf test client');
  await writeFile(p('client-ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  await openssl('x509', '-req', '-in', p('client.csr'), '-CA', ca.ca, '-CAkey', ca.caKey, '-CAcreateserial', '-out', p('client.cert'), '-days', '2', '-extfile', p('client-ext.cnf'));
  return { ca: ca.ca, cert: ca.cert, key: ca.key, client: { cert: p('client.cert'), key: p('client.key') } };
}

/**
 * A self-signed RSA certificate and key for a token issuer. The issuer puts the certificate in each
 * token's `x5c` header; the registry trusts it because it is also its `rootcertbundle`.
 */
export async function makeSigningCert(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'token-signer.crt');
  const key = join(dir, 'token-signer.key');
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=wharf test token signer');
  return { cert, key };
}

/**
 * Lays out `<dir>/<host>/ca.crt` (and `client.cert`/`client.key` when given) as Docker's
 * `/etc/docker/certs.d` expects; `host` is `host:port` as clients name the registry. Returns `<dir>/<host>`.
 */
export async function writeCertsD(dir: string, host: string, ca: string, client?: ClientCert): Promise<string> {
  const hostDir = join(dir, host);
  await mkdir(hostDir, { recursive: true });
  await copyFile(ca, join(hostDir, 'ca.crt'));
  if (client) {
    await copyFile(client.cert, join(hostDir, 'client.cert'));
    await copyFile(client.key, join(hostDir, 'client.key'));
  }
  return hostDir;
}
