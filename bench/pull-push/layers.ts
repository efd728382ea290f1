/**
 * The pull/push benchmark's layers: 5 gzip layers of this machine's own files (~530 MB of tar,
 * ~217 MB gzip -6), and as many distinct variants of them as the rounds need, made cheaply.
 *
 * A cold pull must fetch and unpack 5 blobs it has never seen, so every pull of every round needs
 * 5 new layer blobs, and gzip -6 of 530 MB costs ~20 s of CPU. So each base layer is made once
 * (cached in /var/tmp/wharf-bench): a tar stream cut before its end-of-archive blocks, gzipped.
 * A variant layer is that gzip member followed by a second, ~150-byte gzip member that holds one
 * small file (`wharf-bench-variant-<name>`) and the end-of-archive blocks. Concatenated members
 * are one gzip stream (RFC 1952 §2.2) that every client here reads (Go's compress/gzip, zlib,
 * gzip(1)), so a variant has its own digest and diffID while fetching, inflating and unpacking it
 * is the base's work. Both digests come from the base's sha256 states, copied (`Hash.copy`) and
 * fed the tail: the base is hashed once per run, not once per variant.
 */
import { execFileSync } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gzipSync } from 'node:zlib';

export const CACHE = '/var/tmp/wharf-bench';

/** The directories of /usr each layer is cut from: 549 MB of tar, 217 MB gzip on this machine. */
export const LAYER_DIRS: string[][] = [
  ['usr/lib/gcc'],
  ['usr/share/locale'],
  ['usr/sbin'],
  ['usr/share/man', 'usr/lib/postgresql'],
  ['usr/libexec'],
];

/** A base layer: its cached gzip file and the sha256 states of its compressed and tar bytes. */
export interface BaseLayer {
  path: string;
  size: number;
  tarSize: number;
  gzHash: Hash;
  tarHash: Hash;
}

/** One layer blob of a variant: the base's bytes, then `tail` (a gzip member). */
export interface LayerBlob {
  base: BaseLayer;
  tail: Buffer;
  digest: string;
  diffId: string;
  size: number;
}

/** The byte offset of a tar file's end-of-archive block (the first all-zero header). */
function tarEnd(path: string): number {
  const fd = openSync(path, 'r');
  const h = Buffer.alloc(512);
  try {
    for (let at = 0; ;) {
      if (readSync(fd, h, 0, 512, at) !== 512) throw new Error(`${path}: no end-of-archive block`);
      if (h.every((b) => b === 0)) return at;
      at += 512 + Math.ceil(entrySize(h) / 512) * 512;
    }
  } finally {
    closeSync(fd);
  }
}

/** The size field of a tar header: octal, or base-256 when its high bit is set (GNU). */
function entrySize(h: Buffer): number {
  const field = h.subarray(124, 136);
  if (field[0]! & 0x80) return field.readUIntBE(6, 6);
  return parseInt(field.toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
}

/** Makes the base layer files once (GNU tar, numeric owners) and returns their paths. */
export function ensureBaseFiles(): string[] {
  mkdirSync(CACHE, { recursive: true });
  return LAYER_DIRS.map((dirs, i) => {
    const tag = createHash('sha256').update(`cut ${dirs.join(' ')}`).digest('hex').slice(0, 8);
    const path = join(CACHE, `pull-push-layer-${i}-${tag}.gz`);
    if (existsSync(path)) return path;
    process.stderr.write(`making ${path} from ${dirs.join(' ')}\n`);
    const tar = `${path}.tar`;
    try {
      execFileSync('tar', ['--numeric-owner', '-C', '/', '-cf', tar, ...dirs]);
      execFileSync('sh', ['-c', 'head -c "$1" "$2" | gzip -6 > "$3.tmp" && mv "$3.tmp" "$3"', 'sh', String(tarEnd(tar)), tar, path]);
    } finally {
      rmSync(tar, { force: true });
      rmSync(`${path}.tmp`, { force: true });
    }
    return path;
  });
}

/** Reads a base layer once: its size, and sha256 states of its gzip and tar bytes. */
export async function hashBase(path: string): Promise<BaseLayer> {
  const gzHash = createHash('sha256');
  const tarHash = createHash('sha256');
  let tarSize = 0;
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  source.on('data', (c) => gzHash.update(c));
  const sink = new Writable({ write(c: Buffer, _e, done) { tarHash.update(c); tarSize += c.length; done(); } });
  await pipeline(source, createGunzip(), sink);
  return { path, size: statSync(path).size, tarSize, gzHash, tarHash };
}

/** A ustar header and the padded data of one regular file, owned by root. */
function fileEntry(name: string, data: Buffer): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  h.write('14524770400\0', 136); // 2023-11-14T22:13:20Z
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\x0000', 257);
  const sum = h.reduce((a, b) => a + b, 0);
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

/** The layer `base` + a tail naming `name`; `name` must differ between variants. */
export function variantLayer(base: BaseLayer, name: string): LayerBlob {
  const tar = Buffer.concat([fileEntry(`wharf-bench-variant-${name}`, Buffer.from(`${name}\n`)), Buffer.alloc(1024)]);
  const tail = gzipSync(tar, { level: 6 });
  return {
    base, tail,
    digest: `sha256:${base.gzHash.copy().update(tail).digest('hex')}`,
    diffId: `sha256:${base.tarHash.copy().update(tar).digest('hex')}`,
    size: base.size + tail.length,
  };
}

/** The blob's bytes, streamed: the base file, then the tail. */
export function layerStream(l: LayerBlob): Readable {
  return Readable.from((async function* () {
    yield* createReadStream(l.base.path, { highWaterMark: 1 << 20 });
    yield l.tail;
  })());
}
