/**
 * What refuses a PUT before any byte is written, and how extraction failures read, in Docker's
 * words (moby daemon/archive.go): a path in a read-only mount point, or on a `--read-only` rootfs
 * outside every mount point; and "Error processing tar file(exit status 1): …" for the tar itself.
 */
import { posix } from 'node:path';
import { CorruptLayerError, LayerLimitError, OverwriteError, UnsafeLayerError } from '../../../archive/errors.js';
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
 * A PUT failure as Docker reports it (a 500). Extraction errors get its prefix and, where the
 * kind is known, its sentence with container paths (`dest` is the extraction directory).
 */
export function extractError(err: unknown, dest?: string): InternalError {
  if (typeof err === 'string') return new InternalError(err);
  const at = (rel: string) => posix.join(dest ?? '/', rel);
  let text = err instanceof Error ? err.message : String(err);
  if (err instanceof UnsafeLayerError) text = unsafeText(err, dest ?? '/', at);
  else if (err instanceof OverwriteError) {
    text = err.kind === 'dir-with-non-dir'
      ? `cannot overwrite directory "${at(err.rel)}" with non-directory "${dest}"`
      : `cannot overwrite non-directory "${at(err.rel)}" with directory "${dest}"`;
  } else if (err instanceof CorruptLayerError || err instanceof LayerLimitError) text = err.message;
  else if (isNamed(err, 'AbortError')) return new InternalError('the client closed the connection', { cause: err });
  return new InternalError(`Error processing tar file(exit status 1): ${text}`, { cause: err });
}

function unsafeText(err: UnsafeLayerError, dest: string, at: (rel: string) => string): string {
  switch (err.kind) {
    case 'symlink': return `invalid symlink ${JSON.stringify(at(err.entry))} -> ${JSON.stringify(err.reason.match(/"(.*)"/)?.[1] ?? '')}`;
    case 'hardlink': return `invalid hardlink ${JSON.stringify(err.entry)}: ${err.reason}`;
    case 'through-symlink': return `${JSON.stringify(err.entry)} is under a symlink in ${JSON.stringify(dest)}: ${err.reason}`;
    default: return `${JSON.stringify(err.entry)} is outside of ${JSON.stringify(dest)}`;
  }
}

function isNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}
