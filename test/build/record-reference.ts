/**
 * Records what Docker 20.10's legacy builder produces for each fixture under test/build/fixtures into its
 * reference (test/build/references/<case>.json). Not a test: run by hand, with the reference Docker started
 * (`/work/shared/tools/reference-docker start`):
 *
 *   node dist/test/build/record-reference.js [case…]
 *
 * Each build is made by the real docker CLI (`DOCKER_BUILDKIT=0 docker build -t <tag> [--build-arg…]
 * [--target…] .`) through a recording proxy, so the query and the context tar are exactly the CLI's. The
 * final image is then read back: `docker image inspect`, `GET /images/{id}/history`, and the raw config blob
 * of `docker save` (for `empty_layer`). The built image is removed afterwards, so that no build finds
 * another's steps in its cache.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordingProxy } from './recording-proxy.js';
import { FIXTURES, buildSpecs, fixtureNames, referencePath, type ReferenceFile } from './reference-format.js';
import { recordBuild, run } from './reference-run.js';

const UPSTREAM = '/run/wharf-reference/docker.sock';
const PROXY = '/tmp/wharf-ref-recorder.sock';

async function main(): Promise<void> {
  const version = JSON.parse((await run(['version', '--format', '{{json .Server}}'], UPSTREAM)).stdout);
  const proxy = new RecordingProxy(PROXY, UPSTREAM);
  await proxy.start();
  try {
    const wanted = process.argv.slice(2);
    for (const name of fixtureNames().filter((n) => wanted.length === 0 || wanted.includes(n))) {
      const file: ReferenceFile = { docker: version.Version, api: version.ApiVersion, recordedAt: new Date().toISOString(), builds: {} };
      for (const spec of buildSpecs(join(FIXTURES, name))) file.builds[spec.name] = await recordBuild(proxy, name, spec, UPSTREAM);
      writeFileSync(referencePath(name), JSON.stringify(file, null, 2) + '\n');
      console.log(`${name}: ${Object.entries(file.builds).map(([b, r]) => `${b} ${r.status}${r.error ? ' error' : ''}`).join(', ')}`);
    }
  } finally {
    await proxy.stop();
  }
}

await main();
