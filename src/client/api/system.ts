/** System endpoints: `/_ping`, `/version`, `/info`. */
import type { Transport } from '../transport.js';
import type { InfoResponse, VersionResponse } from './types.js';

/** `GET /version`. */
export function getVersion(t: Transport): Promise<VersionResponse> {
  return t.json<VersionResponse>({ method: 'GET', path: '/version' });
}

/** `GET /info`. */
export function getInfo(t: Transport): Promise<InfoResponse> {
  return t.json<InfoResponse>({ method: 'GET', path: '/info' });
}
