/**
 * The import graph follows ARCHITECTURE.md: layers call downward only. Each top-level folder of src/
 * lists the folders it may import from (its own is always allowed); type-only imports count too.
 * The API sees the engine only through its interfaces (engine/engine.ts) and errors (engine/errors.ts):
 * no store, runtime or snapshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { REPO } from '../helpers/daemon.js';

const BASE = ['oci', 'reference', 'util'];
const ALLOWED: Record<string, string[]> = {
  oci: [],
  reference: ['oci'],
  util: ['oci'],
  protocol: [],
  sys: ['util', 'oci'],
  archive: [...BASE, 'sys'],
  content: BASE,
  snapshot: [...BASE, 'sys', 'archive', 'content'],
  image: [...BASE, 'content', 'snapshot', 'archive'],
  distribution: [...BASE, 'content', 'image'],
  // The builder sits beside the engine's image code: it reads images and layers, runs steps in the runtime.
  build: [...BASE, 'protocol', 'archive', 'content', 'snapshot', 'image', 'runtime'],
  runtime: [...BASE, 'sys'],
  volume: [...BASE, 'sys', 'archive'],
  network: [...BASE, 'sys'],
  engine: [...BASE, 'protocol', 'sys', 'archive', 'content', 'snapshot', 'image', 'runtime', 'volume', 'network', 'distribution', 'build'],
  api: [...BASE, 'protocol', 'engine'],
  client: [...BASE, 'protocol'],
  cli: [...BASE, 'protocol', 'client', 'distribution', 'archive', 'build'],
  daemon: [...BASE, 'protocol', 'sys', 'content', 'snapshot', 'image', 'runtime', 'volume', 'network', 'engine', 'api', 'distribution'],
};

/** Files of a folder that others may import, where it is not the whole folder. */
const FACES: Record<string, Record<string, string[]>> = {
  api: { engine: ['engine/engine.ts', 'engine/errors.ts'] },
  // The CLI filters a build context with .dockerignore itself, as the docker CLI does.
  cli: { build: ['build/dockerignore/index.ts'] },
};

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

test('src/ imports only point downward', () => {
  const src = join(REPO, 'src');
  const violations: string[] = [];
  for (const file of tsFiles(src)) {
    const layer = relative(src, file).split('/')[0]!;
    const allowed = new Set([layer, ...(ALLOWED[layer] ?? [])]);
    assert.ok(ALLOWED[layer], `src/${layer} is not in the layer table`);
    for (const target of imports(file)) {
      const rel = relative(src, target);
      const folder = rel.split('/')[0]!;
      if (!allowed.has(folder)) violations.push(`${relative(REPO, file)} → src/${folder}`);
      const face = FACES[layer]?.[folder];
      if (face && !face.includes(rel)) violations.push(`${relative(REPO, file)} → src/${rel} (only ${face.join(', ')})`);
    }
  }
  assert.deepEqual(violations, []);
});
