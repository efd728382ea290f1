// Builds the CLI's V8 startup snapshot (bin/wharf runs it): esbuild bundles dist/src/cli/snapshot.js
// into one CommonJS script (what `node --build-snapshot` takes), then node snapshots its heap.
// Each module's import.meta.url becomes its own file URL in dist/, so paths resolve as unbundled.
// Native and runtime-loaded packages stay outside (koffi), and so does the registry server (its YAML
// and bcrypt make up two thirds of the bundle, and a bigger heap costs every command at start):
// bin/wharf runs `wharf registry` from the plain modules. Usage: node scripts/cli-snapshot.mjs
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile, rm, rename } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const repo = join(dirname(new URL(import.meta.url).pathname), '..');
const out = join(repo, 'dist/cli');
const metaUrl = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/dist\/src\/.*\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'js',
    }));
  },
};
const registryOutside = {
  name: 'registry-outside',
  setup(b) {
    b.onResolve({ filter: /distribution\/server\/main\.js$/ }, (args) => ({ path: join(args.resolveDir, args.path), external: true }));
  },
};
await build({
  entryPoints: [join(repo, 'dist/src/cli/snapshot.js')],
  bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  outfile: join(out, 'wharf.cjs'), external: ['koffi'], plugins: [metaUrl, registryOutside], logLevel: 'warning',
});
const tmp = join(out, 'wharf.blob.tmp');
const r = spawnSync(process.execPath, ['--snapshot-blob', tmp, '--build-snapshot', join(out, 'wharf.cjs')], {
  stdio: 'inherit', env: withoutExtraCa(),
});
if (r.status !== 0) {
  await rm(tmp, { force: true });
  console.error('cli-snapshot: node --build-snapshot failed; bin/wharf will use the plain modules');
  process.exit(1);
}
await rename(tmp, join(out, 'wharf.blob'));

function withoutExtraCa() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
