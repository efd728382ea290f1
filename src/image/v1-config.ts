/**
 * v1 → v2 image config conversion, byte for byte as Docker 20.10 does it on a legacy load
 * (moby image/v1/imagev1.go `HistoryFromConfig` and `MakeConfigFromV1Config`):
 * - the v1 JSON is decoded into V1Image (type errors fail the load, as in Docker);
 * - below docker_version 1.8.3 it is first re-encoded through the V1Image struct (the "fallback");
 * - its top-level keys become a Go map of raw values (compacted, HTML-escaped), minus id, parent,
 *   Size, parent_id, layer_id and throwaway, plus `rootfs` and `history`, written with sorted keys.
 * - a history entry is {created, author, created_by: container_config.Cmd joined by spaces,
 *   comment}; Docker never sets empty_layer here, not even for an empty layer.tar.
 * The image ID is the sha256 of these bytes.
 */
import type { Digest } from '../oci/digest.js';
import { type GoNode, parseGoJson, goCompact, goString, goObject } from './go-json.js';
import { type GoStruct, decodeGo, encodeFields, encodeGo, zeroOf } from './go-struct.js';
import { V1_IMAGE_FIELDS, HISTORY_FIELDS, IMAGE_FIELDS } from './v1-image.js';

/** A v1 layer's JSON: its text, parse tree (top level is an object) and V1Image decoding. */
export interface V1Json { text: string; node: Extract<GoNode, { kind: 'object' }>; image: GoStruct }

/** A v1 JSON that Docker would refuse (or that Wharf refuses: not UTF-8). */
export class V1JsonError extends Error {
  readonly code = 'INVALID_V1_JSON';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses and type-checks a v1 JSON. */
export function parseV1Json(bytes: Buffer): V1Json {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new V1JsonError('not valid UTF-8');
  }
  try {
    const node = parseGoJson(text);
    if (node.kind !== 'object') throw new V1JsonError(`cannot unmarshal ${node.kind} into an image`);
    const t = { struct: V1_IMAGE_FIELDS };
    return { text, node, image: decodeGo(node, t, zeroOf(t), text) as GoStruct };
  } catch (e) {
    throw e instanceof V1JsonError ? e : new V1JsonError((e as Error).message, { cause: e });
  }
}

/** `v1.HistoryFromConfig(json, false)`. */
export function historyFromV1(v: V1Json): GoStruct {
  const cmd = (v.image.container_config as GoStruct).Cmd as string[] | null;
  return { created: v.image.created!, author: v.image.author!, created_by: (cmd ?? []).join(' '), comment: v.image.comment!, empty_layer: false };
}

/** Docker's `versions.LessThan` (dot-separated integers; a part that is not one counts as 0). */
export function versionLessThan(a: string, b: string): boolean {
  const part = (s: string | undefined): bigint => {
    if (s === undefined || !/^[+-]?\d+$/.test(s)) return 0n;
    const n = BigInt(s);
    return n > 2n ** 63n - 1n ? 2n ** 63n - 1n : n < -(2n ** 63n) ? -(2n ** 63n) : n;
  };
  const [x, y] = [a.split('.'), b.split('.')];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const [p, q] = [part(x[i]), part(y[i])];
    if (p !== q) return p < q;
  }
  return false;
}

const DROPPED = ['id', 'parent', 'Size', 'parent_id', 'layer_id', 'throwaway'];

/** The top-level members as raw JSON texts: as written (≥ 1.8.3) or re-encoded by V1Image. */
function topLevel(v: V1Json): Map<string, string> {
  if (versionLessThan(v.image.docker_version as string, '1.8.3')) return new Map(encodeFields(V1_IMAGE_FIELDS, v.image));
  return new Map(v.node.entries.map(({ key, value }) => [key, goCompact(v.text.slice(value.start, value.end))]));
}

/** `v1.MakeConfigFromV1Config(json, rootfs, history)`: the config bytes of the image for this layer. */
export function makeConfigFromV1(v: V1Json, diffIds: Digest[], history: GoStruct[]): Buffer {
  const members = topLevel(v);
  for (const k of DROPPED) members.delete(k);
  members.set('rootfs', `{"type":"layers","diff_ids":[${diffIds.map(goString).join(',')}]}`);
  members.set('history', `[${history.map((h) => encodeGo({ struct: HISTORY_FIELDS }, h)).join(',')}]`);
  const text = goObject(members);
  try {
    decodeGo(parseGoJson(text), { struct: IMAGE_FIELDS }, zeroOf({ struct: IMAGE_FIELDS }), text); // what Docker's image store checks before accepting it
  } catch (e) {
    throw new V1JsonError(`converted config: ${(e as Error).message}`, { cause: e });
  }
  return Buffer.from(text, 'utf8');
}
