/**
 * `docker login`'s check, as dockerd's loginV2 does it: ping `/v2/`, then prove the credentials —
 * Basic straight on `/v2/`, Bearer through the token server (asking for an offline token, which
 * becomes the identity token the CLI stores instead of the password).
 */
import type { Credentials } from './auth.js';
import { RegistryUnauthorizedError } from './errors.js';
import type { RegistrySession } from './session.js';
import type { Transport } from './transport.js';

export interface LoginResult { status: 'Login Succeeded'; identityToken: string }

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

export async function login(session: RegistrySession, transport: Transport, creds: Credentials): Promise<LoginResult> {
  const ep = await session.endpoint();
  const auth = await session.authorizer();
  if (!auth.challenge) return { status: 'Login Succeeded', identityToken: '' };
  const url = `${ep.base}/v2/`;
  const header = await auth.loginHeader().catch((e: unknown) => {
    // dockerd fetches the token inside the round trip of `GET /v2/`, so Go's url.Error names that request.
    throw e instanceof RegistryUnauthorizedError ? new RegistryUnauthorizedError(`Get "${url}": ${e.message}`, { cause: e }) : e;
  });
  const res = await transport.send({ method: 'GET', url, tls: ep.tls, headers: header ? { Authorization: header } : {} });
  res.body.resume();
  if (res.status !== 200) {
    throw new RegistryUnauthorizedError(`login attempt to ${url} failed with status: ${res.status} ${STATUS_TEXT[res.status] ?? ''}`.trimEnd());
  }
  const identityToken = creds.identitytoken ? '' : auth.refreshToken ?? '';
  return { status: 'Login Succeeded', identityToken };
}
