/**
 * HostConfig.Runtime: the names under which the daemon runs runc, as Docker lists them (`runc`, and
 * containerd's shim name `io.containerd.runc.v2`); empty is the default, stored as `runc`.
 */
import { InvalidArgumentError } from '../errors.js';
import type { HostConfig } from './record.js';

export const RUNTIME_NAMES = ['runc', 'io.containerd.runc.v2'] as const;

export function resolveRuntime(h: HostConfig): HostConfig {
  const name = String(h.Runtime ?? '') || 'runc';
  if (!(RUNTIME_NAMES as readonly string[]).includes(name)) throw new InvalidArgumentError(`Unknown runtime specified ${name}`);
  return { ...h, Runtime: name };
}
