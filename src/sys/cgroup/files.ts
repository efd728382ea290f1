/**
 * Reading cgroup interface files: single values, flat-keyed (`key value` per line) and nested-keyed
 * (`MAJ:MIN key=value …`) files. A file that is missing or unreadable reads as empty, as a
 * controller a host does not mount contributes nothing (runc and containerd skip it too).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The largest u64: what "max" means in a v2 limit file. */
export const U64_MAX = 2n ** 64n - 1n;

/** The file's text, or '' when it cannot be read (or the controller has no directory). */
export async function readText(dir: string | undefined, name: string): Promise<string> {
  if (dir === undefined) return '';
  try {
    return await readFile(join(dir, name), 'utf8');
  } catch {
    return '';
  }
}

/** A decimal u64; anything else (empty, "max", garbage) gives `fallback`. */
export function toU64(text: string | undefined, fallback = 0n): bigint {
  const t = (text ?? '').trim();
  return /^\d+$/.test(t) ? BigInt(t) : fallback;
}

/** A single-value file (`max` → `max`, missing → 0). */
export async function readU64(dir: string | undefined, name: string, max = 0n): Promise<bigint> {
  const t = (await readText(dir, name)).trim();
  return t === 'max' ? max : toU64(t);
}

/** `key value` lines → map (memory.stat, cpu.stat, cpuacct.stat). */
export function parseFlatKeyed(text: string): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = BigInt(value);
  }
  return out;
}

/** A flat-keyed file as a map. */
export async function readFlatKeyed(dir: string | undefined, name: string): Promise<Record<string, bigint>> {
  return parseFlatKeyed(await readText(dir, name));
}

/** `MAJ:MIN` → numbers, or undefined. */
export function parseDevice(text: string | undefined): { major: bigint; minor: bigint } | undefined {
  const m = /^(\d+):(\d+)$/.exec(text ?? '');
  return m ? { major: BigInt(m[1]!), minor: BigInt(m[2]!) } : undefined;
}
