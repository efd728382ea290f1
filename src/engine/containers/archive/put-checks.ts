/**
 * What refuses a PUT before any byte is written, and how extraction failures read, in Docker's
 * words (moby daemon/archive.go): a path in a read-only mount point, or on a `--read-only` rootfs
 * outside every mount point; and "Error processing tar file(exit status 1): …" for the tar itself.
 */
import { posix } from 'node:path';
import { untarText } from '../../../archive/untar-text.js';
import { InternalError } from '../../errors.js';
import type { ContainerRecord } from '../record.js';
import type { ArchiveView } from './view.js';

/**
 * Docker's checkIfPathIsInAVolume and ErrRootFSReadOnly: the message refusing a PUT to container
 * path `resolved` (fully resolved), or undefined. The deepest mount point holding it decides.
 * tmpfs mounts are not mount points here: Docker checks only its MountPoints.
 */
export function readOnlyReason(view: ArchiveView, rec: ContainerRecord, resolved: string): string | undefined {
  const holding = (rec.MountPoints ?? [])
    .filter((m) => m.Type !== 'tmpfs' && contains(posix.normalize(m.Destination), resolved))
    .sort((a, b) => b.Destination.length - a.Destination.length)[0];
  if (holding) return holding.RW ? undefined : 'mounted volume is marked read-only';
  void view;
  return rec.HostConfig.ReadonlyRootfs ? 'container rootfs is marked read-only' : undefined;
}

function contains(dest: string, path: string): boolean {
  const rel = posix.relative(dest, posix.normalize(path));
  return rel !== '..' && !rel.startsWith('../');
}

/**
 * A PUT failure as Docker reports it (a 500): "Error processing tar file(exit status 1): " and
 * Untar's sentence with container paths (`dest` is the extraction directory); a string is a
 * refusal before extraction, sent as it is.
 */
export function extractError(err: unknown, dest = '/'): InternalError {
  if (typeof err === 'string') return new InternalError(err);
  if (err instanceof Error && err.name === 'AbortError') return new InternalError('the client closed the connection', { cause: err });
  return new InternalError(`Error processing tar file(exit status 1): ${untarText(err, dest)}`, { cause: err });
}
