/**
 * The credentials a command sends as `X-Registry-Auth`, found as docker's ResolveAuthConfig finds
 * them: by the registry key of the image's domain (Docker Hub names use the index key). A helper
 * that fails leaves what the file holds (its marker entry), as docker ignores that error here too.
 */
import type { AuthConfig } from '../../../client/auth.js';
import { parseNormalizedNamed } from '../../../reference/reference.js';
import { configDir } from '../../config-file.js';
import type { CliContext } from '../../context.js';
import { Credentials, registryKey } from '../../credentials.js';

/** Opens the credentials of the config directory the user chose (`--config`, DOCKER_CONFIG, ~/.docker). */
export function openCredentials(ctx: CliContext): Promise<Credentials> {
  return Credentials.open(configDir(ctx.global.config, ctx.env), { env: ctx.env, warn: (s) => ctx.err(s) });
}

/** The stored credentials for registry `domain`; `{}` when none. */
export async function authForDomain(ctx: CliContext, domain: string): Promise<AuthConfig> {
  const creds = await openCredentials(ctx);
  const key = registryKey(domain);
  return creds.get(key).catch(() => creds.fileEntry(key));
}

/** The stored credentials for the registry of image reference `image` (run's implicit pull). */
export function authForImage(ctx: CliContext, image: string): Promise<AuthConfig> {
  return authForDomain(ctx, parseNormalizedNamed(image).domain);
}
