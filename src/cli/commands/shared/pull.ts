/**
 * Pulling an image as `run` does when create answers "No such image": `POST /images/create` with
 * the familiar name and tag and the registry's stored credentials, progress shown on `out`
 * (stderr for run), errors thrown.
 */
import type { AuthConfig } from '../../../client/auth.js';
import { pullImage } from '../../../client/api/images.js';
import type { Transport } from '../../../client/transport.js';
import { familiarString, parseNormalizedNamed, repositoryName } from '../../../reference/reference.js';
import { displayProgress } from '../../format/progress.js';

/** What to pull and where to show it. */
export interface PullForRunOptions {
  image: string;
  platform?: string;
  out: NodeJS.WriteStream;
  quiet?: boolean;
  /** Sent as X-Registry-Auth (`{}` when absent). */
  auth?: AuthConfig;
}

/** `busybox` → `busybox:latest` (docker's TagNameOnly + FamiliarString). */
export function taggedName(image: string): string {
  const r = parseNormalizedNamed(image);
  return familiarString(r.tag || r.digest ? r : { ...r, tag: 'latest' });
}

/** Pulls `image`, displaying progress unless quiet. */
export async function pullForRun(t: Transport, o: PullForRunOptions): Promise<void> {
  const r = parseNormalizedNamed(o.image);
  const res = await pullImage(t, {
    fromImage: repositoryName(r), tag: r.digest ?? r.tag ?? 'latest', ...(o.platform ? { platform: o.platform } : {}),
    ...(o.auth ? { auth: o.auth } : {}),
  });
  await displayProgress(res, { out: o.quiet ? devNull() : o.out, isTerminal: !o.quiet && o.out.isTTY === true });
}

function devNull(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}
