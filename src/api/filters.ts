/**
 * The `filters` query parameter: JSON `{"key":{"value":true}}` (current) or `{"key":["value"]}`
 * (legacy), both accepted as Docker does. What the keys mean is the engine's business.
 */
import type { Filters } from '../engine/engine.js';
import { ApiError } from './errors.js';

export function parseFilters(raw: string | null): Filters {
  const out: Filters = new Map();
  if (!raw) return out;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw new ApiError(400, `invalid filter: ${raw}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new ApiError(400, `invalid filter: ${raw}`);
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (Array.isArray(v)) out.set(k, v.map(String));
    else if (v && typeof v === 'object') out.set(k, Object.entries(v).filter(([, on]) => on).map(([val]) => val));
    else throw new ApiError(400, `invalid filter: ${raw}`);
  }
  return out;
}
