/**
 * Capability sets. "All" (`--privileged`, `--cap-add ALL`) means all the daemon itself holds: a
 * sandboxed host may lack some (this one lacks CAP_SYS_RESOURCE), and asking runc for those fails
 * the start, as it does with Docker here. A capability named explicitly is passed as asked.
 */
import { readFileSync } from 'node:fs';
import { ALL_CAPABILITIES, DEFAULT_CAPABILITIES } from './defaults.js';

/** Capabilities in a CapBnd-style hex mask (bit n = ALL_CAPABILITIES[n]). */
export function capsFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return ALL_CAPABILITIES.filter((_c, bit) => (mask >> BigInt(bit)) & 1n);
}

let host: string[] | undefined;

/** The daemon's bounding set. */
export function hostCapabilities(status = readFileSync('/proc/self/status', 'utf8')): string[] {
  if (host) return host;
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  return (host = hex ? capsFromMask(hex) : ALL_CAPABILITIES);
}

export interface CapabilityRequest { privileged?: boolean; add?: string[] | null; drop?: string[] | null }

const norm = (c: string) => (c.toUpperCase().startsWith('CAP_') ? c.toUpperCase() : `CAP_${c.toUpperCase()}`);

/** Docker's rules: defaults, minus drops (ALL drops every default), plus adds (ALL adds every one). */
export function containerCapabilities(r: CapabilityRequest, all = hostCapabilities()): string[] {
  if (r.privileged) return all;
  const drop = new Set((r.drop ?? []).map(norm));
  const add = (r.add ?? []).map(norm).flatMap((c) => (c === 'CAP_ALL' ? all : [c]));
  const base = drop.has('CAP_ALL') ? [] : DEFAULT_CAPABILITIES.filter((c) => !drop.has(c));
  return [...new Set([...base, ...add])];
}
