/**
 * Errors across the worker boundary. Structured clone keeps neither classes nor `code` fields of
 * subclasses reliably, so errors travel as plain records and are rebuilt as the module's own
 * classes: a caller's `instanceof UnsafeLayerError` and `err.code` work the same either side.
 */
import { CorruptLayerError, LayerLimitError, OverwriteError, UnsafeLayerError, type UnsafeKind } from './errors.js';

/** An error as a cloneable record. */
export interface WireError {
  name: string;
  message: string;
  props: Record<string, string | number | undefined>;
}

const COPIED = ['code', 'errno', 'syscall', 'path', 'entry', 'reason', 'detail', 'limit', 'max', 'kind', 'rel'] as const;

/** An error as a record that survives `postMessage`. */
export function encodeError(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), props: {} };
  const props: WireError['props'] = {};
  for (const key of COPIED) {
    const v = (err as unknown as Record<string, unknown>)[key];
    if (typeof v === 'string' || typeof v === 'number') props[key] = v;
  }
  return { name: err.name, message: err.message, props };
}

/** Rebuilds an encoded error: the module's own classes by `code`, else an Error with the same fields. */
export function decodeError(w: WireError): Error {
  const p = w.props;
  switch (p.code) {
    case 'UNSAFE_LAYER': return new UnsafeLayerError(String(p.entry), String(p.reason), (p.kind ?? 'traversal') as UnsafeKind);
    case 'OVERWRITE_REFUSED': return new OverwriteError(String(p.entry), String(p.rel), p.kind === 'non-dir-with-dir' ? 'non-dir-with-dir' : 'dir-with-non-dir');
    case 'LAYER_LIMIT': return new LayerLimitError(p.limit === 'entries' ? 'entries' : 'bytes', Number(p.max));
    case 'CORRUPT_LAYER': return new CorruptLayerError(String(p.detail));
  }
  const err = new Error(w.message);
  err.name = w.name;
  return Object.assign(err, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));
}
