/**
 * Records what Docker 20.10's legacy builder produces for each fixture under test/build/fixtures into its
 * reference.json. Not a test: run by hand, with the reference Docker started
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
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { RecordingProxy, type BuildExchange } from './recording-proxy.js';
import {
  FIXTURES, buildSpecs, fixtureNames, normaliseStream, normaliseValue, streamError,
  referenceTag, type BuildRecord, type BuildSpec, type ContextEntry, type ImageRecord, type ReferenceFile,
} from './reference-format.js';

const UPSTREAM = '/run/wharf-reference/docker.sock';
const PROXY = '/tmp/wharf-ref-recorder.sock';
const DOCKER = '/usr/local/bin/docker';

interface Run { code: number; stdout: string; stderr: string }

function run(args: string[], host: string, o: { cwd?: string; binary?: boolean } = {}): Promise<Run & { raw: Buffer }> {
  return new Promise((resolve) => {
    execFile(DOCKER, ['-H', `unix://${host}`, ...args], {
      cwd: o.cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '0' },
    }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), raw: stdout });
    });
  });
}

/** The entries of a tar, in order. */
async function tarEntries(buf: Buffer): Promise<Array<{ header: tar.Header; body: Buffer }>> {
  const out: Array<{ header: tar.Header; body: Buffer }> = [];
  const ex = tar.extract();
  ex.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c) => chunks.push(c as Buffer));
    stream.on('end', () => { out.push({ header, body: Buffer.concat(chunks) }); next(); });
  });
  const done = new Promise<void>((r, j) => { ex.on('finish', r); ex.on('error', j); });
  Readable.from([buf]).pipe(ex);
  await done;
  return out;
}

function contextOf(entries: Array<{ header: tar.Header }>): ContextEntry[] {
  return entries.map(({ header: h }) => ({
    name: h.name, type: h.type ?? 'file', mode: h.mode ?? 0, uid: h.uid ?? 0, gid: h.gid ?? 0, size: h.size ?? 0,
  }));
}

async function imageRecord(tag: string): Promise<ImageRecord> {
  const inspect = JSON.parse((await run(['image', 'inspect', tag], UPSTREAM)).stdout)[0];
  const history = await apiHistory(inspect.Id);
  const saved = await tarEntries((await run(['save', tag], UPSTREAM, { binary: true })).raw);
  const configName = `${String(inspect.Id).replace('sha256:', '')}.json`;
  const config = JSON.parse(saved.find((e) => e.header.name === configName)!.body.toString('utf8'));
  return {
    Config: normaliseValue(inspect.Config) as Record<string, unknown>,
    ContainerConfig: normaliseValue(inspect.ContainerConfig) as Record<string, unknown>,
    Author: inspect.Author, Comment: inspect.Comment,
    layerCount: inspect.RootFS.Layers.length,
    history,
    configHistory: config.history,
  };
}

/** `GET /images/{id}/history` straight from the API (the CLI's table reformats it). */
async function apiHistory(id: string): Promise<ImageRecord['history']> {
  const { default: http } = await import('node:http');
  const body = await new Promise<string>((resolve, reject) => {
    http.get({ socketPath: UPSTREAM, path: `/v1.41/images/${id}/history` }, (res) => {
      let t = '';
      res.on('data', (c) => (t += c));
      res.on('end', () => resolve(t));
    }).on('error', reject);
  });
  return (JSON.parse(body) as Array<{ CreatedBy: string; Comment: string; Tags: string[] | null; Size: number }>)
    .map((h) => ({ CreatedBy: h.CreatedBy, Comment: h.Comment, Tags: h.Tags, hasSize: h.Size > 0 }));
}

function cliArgs(spec: BuildSpec, tag: string): string[] {
  const args = ['build', '-t', tag];
  for (const [k, v] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (spec.target) args.push('--target', spec.target);
  return [...args, '.'];
}

async function recordBuild(proxy: RecordingProxy, name: string, spec: BuildSpec): Promise<BuildRecord> {
  const tag = referenceTag(name, spec.name);
  await run(['rmi', '-f', tag], UPSTREAM);
  const before = proxy.exchanges.length;
  const cli = await run(cliArgs(spec, tag), PROXY, { cwd: join(FIXTURES, name) });
  const ex: BuildExchange | undefined = proxy.exchanges[before];
  if (!ex) throw new Error(`${name}/${spec.name}: no POST /build went through the proxy: ${cli.stderr}`);
  const stream = normaliseStream(ex.responseBody);
  if (stream.some((l) => l.includes('Using cache'))) throw new Error(`${name}/${spec.name}: a step came from the cache; remove the images that hold it`);
  const rec: BuildRecord = {
    request: { method: ex.method, path: ex.path, contentType: ex.contentType },
    context: contextOf(await tarEntries(ex.requestBody)),
    status: ex.status, stream, cliExit: cli.code,
  };
  if (ex.status !== 200) rec.error = { message: (JSON.parse(ex.responseBody) as { message: string }).message };
  else {
    const err = streamError(ex.responseBody);
    if (err) rec.error = err;
    else rec.image = await imageRecord(tag);
  }
  await run(['rmi', '-f', tag], UPSTREAM);
  await removeStepImages(ex.responseBody);
  return rec;
}

/**
 * Removes the images of the build's steps (" ---> <id>" lines) that are not the base: other stages' images
 * are not parents of the tagged one, and would otherwise serve the next build from the cache.
 */
async function removeStepImages(body: string): Promise<void> {
  const base = (await run(['image', 'inspect', '--format', '{{.Id}}', 'busybox:latest'], UPSTREAM)).stdout.trim();
  const text = normaliseStream.raw(body);
  const ids = [...text.matchAll(/ ---> ([0-9a-f]{12})\n/g)].map((m) => m[1]!).filter((id) => !base.startsWith(`sha256:${id}`));
  for (const id of ids.reverse()) await run(['rmi', id], UPSTREAM);
}

async function main(): Promise<void> {
  const version = JSON.parse((await run(['version', '--format', '{{json .Server}}'], UPSTREAM)).stdout);
  const proxy = new RecordingProxy(PROXY, UPSTREAM);
  await proxy.start();
  try {
    const wanted = process.argv.slice(2);
    for (const name of fixtureNames().filter((n) => wanted.length === 0 || wanted.includes(n))) {
      const file: ReferenceFile = { docker: version.Version, api: version.ApiVersion, recordedAt: new Date().toISOString(), builds: {} };
      for (const spec of buildSpecs(join(FIXTURES, name))) file.builds[spec.name] = await recordBuild(proxy, name, spec);
      writeFileSync(join(FIXTURES, name, 'reference.json'), JSON.stringify(file, null, 2) + '\n');
      console.log(`${name}: ${Object.entries(file.builds).map(([b, r]) => `${b} ${r.status}${r.error ? ' error' : ''}`).join(', ')}`);
    }
  } finally {
    await proxy.stop();
  }
}

await main();
