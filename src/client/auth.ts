/**
 * The `X-Registry-Auth` header: base64url (with padding, Go's base64.URLEncoding) of the JSON
 * AuthConfig, as moby api/pkg/authconfig encodes it.
 */

/** Registry credentials as the Engine API carries them. */
export interface AuthConfig {
  username?: string;
  password?: string;
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
}

/** Encodes credentials for `X-Registry-Auth` (an empty config encodes `{}`). */
export function encodeRegistryAuth(auth: AuthConfig = {}): string {
  const b64 = Buffer.from(JSON.stringify(auth)).toString('base64url');
  return b64 + '='.repeat((4 - (b64.length % 4)) % 4);
}

/** Decodes an `X-Registry-Auth` value (padded or not). */
export function decodeRegistryAuth(header: string): AuthConfig {
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as AuthConfig;
}
