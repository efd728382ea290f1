/**
 * Whiteout naming shared by apply and diff. In a layer tar a deleted path `d/x` is an empty entry
 * `d/.wh.x`, and a directory whose lower contents are hidden holds `d/.wh..wh..opq`. In an
 * overlayfs diff dir the same facts are a char device 0:0 named `d/x` and the xattr
 * `trusted.overlay.opaque=y` on `d`.
 */

/** Prefix of a whiteout entry's base name in a layer tar. */
export const WHITEOUT_PREFIX = '.wh.';
/** Prefix of AUFS metadata names (`.wh..wh.plnk`, `.wh..wh.aufs`): skipped, except the opaque marker. */
export const WHITEOUT_META_PREFIX = '.wh..wh.';
/** Base name of the entry that makes its directory opaque in a layer tar. */
export const OPAQUE_MARKER = '.wh..wh..opq';
/** The xattr (value "y") that makes a directory opaque for overlayfs. */
export const OPAQUE_XATTR = 'trusted.overlay.opaque';

/** What a base name means in a layer tar. */
export type WhiteoutKind =
  | { kind: 'none' }
  | { kind: 'opaque' }
  | { kind: 'meta' }
  | { kind: 'whiteout'; target: string };

/** Classifies the base name of a tar entry. `target` is the hidden name (may be invalid: caller checks). */
export function classifyName(base: string): WhiteoutKind {
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  if (base === OPAQUE_MARKER) return { kind: 'opaque' };
  if (base.startsWith(WHITEOUT_META_PREFIX)) return { kind: 'meta' };
  return { kind: 'whiteout', target: base.slice(WHITEOUT_PREFIX.length) };
}
