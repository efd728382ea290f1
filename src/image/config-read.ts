/**
 * Reading a stored image config the way Docker's structs read it, so that `inspect`, `history`
 * and `run` see what Docker sees. Configs made from legacy v1 JSON keep their values as written
 * (the bytes decide the image ID), and Docker normalises two things on reading:
 * - `Cmd`, `Entrypoint` and `Shell` are StrSlices, which also accept a single string: a list of one;
 * - times are parsed (Go 1.19's lenient RFC 3339) and shown as RFC3339Nano: `.500000000+02:00`
 *   becomes `.5+02:00`. A time Go could not parse is left as it is.
 */
import type { ContainerDefaults, ImageConfig } from '../oci/image-config.js';
import { formatGoTime, parseGoTime } from './go-time.js';

const STR_SLICES = ['Cmd', 'Entrypoint', 'Shell'] as const;

function normalizeDefaults(c: ContainerDefaults | undefined): void {
  if (!c || typeof c !== 'object') return;
  for (const k of STR_SLICES) {
    const v: unknown = c[k];
    if (typeof v === 'string') c[k] = [v];
  }
}

function goTime(s: string | undefined): string | undefined {
  if (typeof s !== 'string') return s;
  try {
    return formatGoTime(parseGoTime(s));
  } catch {
    return s;
  }
}

/** Parses config bytes (as stored, hence valid JSON) into an `ImageConfig`, normalised as Docker reads it. */
export function parseImageConfig(bytes: Buffer): ImageConfig {
  const config = JSON.parse(bytes.toString('utf8')) as ImageConfig;
  normalizeDefaults(config.config);
  normalizeDefaults(config.container_config);
  if (config.created !== undefined) config.created = goTime(config.created);
  for (const h of Array.isArray(config.history) ? config.history : []) {
    if (h && h.created !== undefined) h.created = goTime(h.created);
  }
  return config;
}
