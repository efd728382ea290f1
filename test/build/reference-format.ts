/**
 * The shape of `test/build/references/<case>.json` — what Docker 20.10's legacy builder produced for a
 * fixture — and the normalisation both sides go through before they are compared. Shared by the recorder
 * (`record-reference.ts`, run by hand against the reference Docker) and the test (`reference.test.ts`, run
 * against a test wharfd), so that the two are normalised by the very same code.
 *
 * A fixture is a directory holding a Dockerfile and its context files; an optional `case.json` lists the builds
 * to record from it (build args, target). Without one, the fixture has one build named `default`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the fixtures live in the source tree (the test runs from dist/, the fixtures are not compiled). */
export const FIXTURES = new URL('../../../test/build/fixtures/', import.meta.url).pathname;

/** A fixture's recorded reference (kept outside the fixture: the fixture directory is exactly the build context). */
export const referencePath = (fixture: string): string => new URL(`../../../test/build/references/${fixture}.json`, import.meta.url).pathname;

/** One build of a fixture: the options the docker CLI was given. */
export interface BuildSpec { name: string; buildArgs?: Record<string, string>; target?: string }

/** One entry of the build context tar as the docker CLI sent it. */
export interface ContextEntry { name: string; type: string; mode: number; uid: number; gid: number; size: number }

/** One entry of `GET /images/{id}/history`, with what may be compared. */
export interface HistoryEntry { CreatedBy: string; Comment: string; Tags: string[] | null; hasSize: boolean }

/** One entry of the raw image config's `history` (from `docker save`). */
export interface ConfigHistoryEntry { created_by?: string; comment?: string; empty_layer?: boolean; author?: string }

/** The final image of a successful build. */
export interface ImageRecord {
  Config: Record<string, unknown>;
  ContainerConfig: Record<string, unknown>;
  Author: string;
  Comment: string;
  layerCount: number;
  history: HistoryEntry[];
  configHistory: ConfigHistoryEntry[];
}

/** What the reference answered to one build. */
export interface BuildRecord {
  /** Path and query of `POST /build` as the docker CLI 28 sent it (`t` is the recorder's tag). */
  request: { method: string; path: string; contentType: string | undefined };
  /** The context tar's entries, in the CLI's order (after its .dockerignore filtering). */
  context: ContextEntry[];
  status: number;
  /** The JSON stream, normalised (see `normaliseStream`); for a non-200 answer, the body's `message`. */
  stream: string[];
  /** The last `error` / `errorDetail` of the stream, or the HTTP error message. */
  error?: { message: string; errorDetail?: unknown };
  /** The docker CLI's exit code. */
  cliExit: number;
  image?: ImageRecord;
}

/** A reference file: one record per build of the fixture. */
export interface ReferenceFile { docker: string; api: string; recordedAt: string; builds: Record<string, BuildRecord> }

/** The builds of a fixture: its case.json, or one default build. */
export function buildSpecs(dir: string): BuildSpec[] {
  const file = join(dir, 'case.json');
  if (!existsSync(file)) return [{ name: 'default' }];
  return (JSON.parse(readFileSync(file, 'utf8')) as { builds: BuildSpec[] }).builds;
}

/** The fixture directories, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** The query string the CLI sends for `spec`, with our tag: the same one is sent to wharfd. */
export function buildQueryFromRecord(recordedPath: string, tag: string): string {
  const u = new URL(recordedPath, 'http://x');
  u.searchParams.set('t', tag);
  return `${u.pathname}?${u.searchParams.toString()}`;
}

const ID12 = /\b[0-9a-f]{12}\b/g;
const ID64 = /\b(sha256:)?[0-9a-f]{64}\b/g;

/** Replaces image ids with <ID>, container ids with <CID>, in one text line. */
export function normaliseIds(line: string): string {
  return line
    .replace(/(Running in |Removing intermediate container )[0-9a-f]{12}\b/g, '$1<CID>')
    .replace(ID64, '<ID>')
    .replace(ID12, '<ID>');
}

/**
 * The build stream as lines: the `stream` texts are joined (their chunking is not part of the protocol) and
 * split at newlines, ids replaced; every other message (aux, error) becomes one line of its JSON, ids replaced.
 */
export function normaliseStream(body: string): string[] {
  const out: string[] = [];
  let text = '';
  const flush = () => {
    if (text === '') return;
    for (const l of text.replace(/\n$/, '').split('\n')) out.push(normaliseIds(l));
    text = '';
  };
  for (const raw of splitJsonMessages(body)) {
    const m = raw as { stream?: unknown };
    if (typeof m.stream === 'string') {
      text += m.stream;
      continue;
    }
    flush();
    out.push(normaliseIds(JSON.stringify(raw)));
  }
  flush();
  return out;
}

/** The `stream` texts of a build stream, joined, ids kept. */
normaliseStream.raw = (body: string): string =>
  splitJsonMessages(body).map((m) => (m as { stream?: unknown }).stream).filter((t): t is string => typeof t === 'string').join('');

/** The messages of a JSON stream (concatenated objects, usually one per line). */
export function splitJsonMessages(body: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0, start = -1, inStr = false, esc = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inStr) {
      if (esc) esc = false;
      else if (c === '\\') esc = true;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{') { if (depth++ === 0) start = i; }
    else if (c === '}' && --depth === 0) out.push(JSON.parse(body.slice(start, i + 1)));
  }
  return out;
}

/** The last error message of a stream, if any. */
export function streamError(body: string): BuildRecord['error'] {
  let err: BuildRecord['error'];
  for (const m of splitJsonMessages(body) as Array<{ error?: string; errorDetail?: unknown }>) {
    if (typeof m.error === 'string') err = { message: m.error, errorDetail: m.errorDetail };
  }
  return err;
}

/** Ids in a config (Image, Hostname…) replaced by placeholders, recursively. */
export function normaliseValue(v: unknown): unknown {
  if (typeof v === 'string') return normaliseIds(v);
  if (Array.isArray(v)) return v.map(normaliseValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseValue(x)]));
  return v;
}

/** The tag a fixture's build is given, the same on both daemons (it shows in "Successfully tagged"). */
export function referenceTag(fixture: string, build: string): string {
  return `wharf-ref-${fixture}:${build}`;
}
