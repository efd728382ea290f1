/**
 * Runs a fixture's build the way the recorder does (the real docker CLI, legacy builder, through a recording
 * proxy) against any daemon, and reads back what it made. Shared by `record-reference.ts` (the reference
 * Docker) and `reference.test.ts` (a test wharfd), so both sides are built and read by the same code.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { RecordingProxy, BuildExchange } from './recording-proxy.js';
import {
  FIXTURES, normaliseStream, normaliseValue, streamError, referenceTag, type BuildRecord, type BuildSpec, type ContextEntry, type ImageRecord,
} from './reference-format.js';

const DOCKER = '/usr/local/bin/docker';

export interface Run { code: number; stdout: string; stderr: string }

export function run(args: string[], host: string, o: { cwd?: string; binary?: boolean } = {}): Promise<Run & { raw: Buffer }> {
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

export async function imageRecord(tag: string, host: string): Promise<ImageRecord> {
  const inspect = JSON.parse((await run(['image', 'inspect', tag], host)).stdout)[0];
  const history = await apiHistory(inspect.Id, host);
  const saved = await tarEntries((await run(['save', tag], host, { binary: true })).raw);
  // The config's name in the archive is manifest.json's `Config` (`<hex>.json` in Docker 20.10's, `blobs/sha256/<hex>` in newer ones).
  const manifest = JSON.parse(saved.find((e) => e.header.name === 'manifest.json')!.body.toString('utf8')) as Array<{ Config: string }>;
  const config = JSON.parse(saved.find((e) => e.header.name === manifest[0]!.Config)!.body.toString('utf8'));
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
async function apiHistory(id: string, host: string): Promise<ImageRecord['history']> {
  const { default: http } = await import('node:http');
  const body = await new Promise<string>((resolve, reject) => {
    http.get({ socketPath: host, path: `/v1.41/images/${id}/history` }, (res) => {
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

/**
 * Builds one fixture with the docker CLI (legacy builder) through `proxy` to the daemon at `host`, and reads
 * back what it made; the built image and its step images are removed afterwards.
 */
export async function recordBuild(proxy: RecordingProxy, name: string, spec: BuildSpec, host: string): Promise<BuildRecord> {
  const tag = referenceTag(name, spec.name);
  await run(['rmi', '-f', tag], host);
  const before = proxy.exchanges.length;
  const cli = await run(cliArgs(spec, tag), proxy.socket, { cwd: join(FIXTURES, name) });
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
    else rec.image = await imageRecord(tag, host);
  }
  await run(['rmi', '-f', tag], host);
  await removeStepImages(ex.responseBody, host);
  return rec;
}

/**
 * Removes the images of the build's steps (" ---> <id>" lines) that are not the base: other stages' images
 * are not parents of the tagged one, and would otherwise serve the next build from the cache.
 */
async function removeStepImages(body: string, host: string): Promise<void> {
  const base = (await run(['image', 'inspect', '--format', '{{.Id}}', 'busybox:latest'], host)).stdout.trim();
  const text = normaliseStream.raw(body);
  const ids = [...text.matchAll(/ ---> ([0-9a-f]{12})\n/g)].map((m) => m[1]!).filter((id) => !base.startsWith(`sha256:${id}`));
  for (const id of ids.reverse()) await run(['rmi', id], host);
}

