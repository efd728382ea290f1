/**
 * Run configs as Docker writes them into an image config: every field of Go's container.Config in
 * declaration order, zero values where unset (`""`, `false`, `null`), omitempty fields left out
 * when empty. The image ID is the config's digest, so the bytes matter, and inspect shows the same.
 */
import type { ContainerDefaults } from '../../oci/image-config.js';
import { CONTAINER_CONFIG } from '../../image/v1-image.js';
import type { GoField } from '../../image/go-struct.js';

const FIELDS = (CONTAINER_CONFIG as { struct: GoField[] }).struct;

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

function zero(f: GoField): unknown {
  return f.type === 'string' ? '' : f.type === 'bool' ? false : null;
}

/** `c` with Docker's fields, order and zero values. */
export function dockerRunConfig(c: ContainerDefaults): ContainerDefaults {
  const src = c as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = src[f.name];
    if (f.omitempty) {
      if (f.name === 'Healthcheck' ? v !== undefined && v !== null : !isEmptyValue(v)) out[f.name] = v;
      continue;
    }
    out[f.name] = v === undefined ? zero(f) : isEmptyMapOrList(f, v) ? null : v;
  }
  return out as ContainerDefaults;
}

/** Go writes a nil map or slice as null; the builder keeps empty ones nil, as Docker's does. */
function isEmptyMapOrList(f: GoField, v: unknown): boolean {
  return (f.type === 'set' || f.type === 'smap') && typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}
