/** Image endpoints: list, pull (`/images/create?fromImage=`), push (`/images/{name}/push`) and import (`/images/create?fromSrc=-`). */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { encodeRegistryAuth, type AuthConfig } from '../auth.js';
import type { Transport } from '../transport.js';
import type { ImageSummary } from './types.js';

/** Options of `GET /images/json`. */
export interface ListImagesOptions {
  all?: boolean;
  digests?: boolean;
  filters?: Record<string, Record<string, boolean>>;
}

/** `GET /images/json?all=&filters=`. */
export function listImages(t: Transport, o: ListImagesOptions = {}): Promise<ImageSummary[]> {
  const filters = o.filters && Object.keys(o.filters).length > 0 ? JSON.stringify(o.filters) : undefined;
  return t.json<ImageSummary[]>({ method: 'GET', path: '/images/json', query: { all: o.all, digests: o.digests, filters } });
}

/** What to pull. */
export interface PullOptions {
  /** Repository in familiar or full form, without tag, e.g. `busybox`. */
  fromImage: string;
  /** Tag or digest; undefined pulls every tag of the repository (`-a`). */
  tag: string | undefined;
  platform?: string;
  auth?: AuthConfig;
}

/** `POST /images/create?fromImage=&tag=` with `X-Registry-Auth`; returns the JSON progress stream. */
export function pullImage(t: Transport, o: PullOptions): Promise<IncomingMessage> {
  return t.request({
    method: 'POST',
    path: '/images/create',
    query: { fromImage: o.fromImage, tag: o.tag, platform: o.platform || undefined },
    headers: { 'X-Registry-Auth': encodeRegistryAuth(o.auth) },
  });
}

/** What to push. */
export interface PushOptions {
  /** Repository in full form, without tag, e.g. `127.0.0.1:5000/app`. */
  name: string;
  /** The tag; undefined pushes every tag of the repository (`-a`). */
  tag: string | undefined;
  auth?: AuthConfig;
}

/** `POST /images/{name}/push?tag=` with `X-Registry-Auth`; returns the JSON progress stream. */
export function pushImage(t: Transport, o: PushOptions): Promise<IncomingMessage> {
  return t.request({
    method: 'POST',
    path: `/images/${o.name}/push`, // slashes of the name stay as they are, as moby's client sends them
    query: { tag: o.tag },
    headers: { 'X-Registry-Auth': encodeRegistryAuth(o.auth) },
  });
}

/** What to import. */
export interface ImportOptions {
  /** The tarball, or undefined when `fromSrc` is a URL. */
  source?: Readable;
  /** `-` for a body upload, else a URL the daemon fetches. */
  fromSrc: string;
  repo?: string;
  tag?: string;
  message?: string;
  changes?: string[];
  platform?: string;
}

/** `POST /images/create?fromSrc=&repo=&tag=&message=&changes=`; returns the JSON progress stream. */
export function importImage(t: Transport, o: ImportOptions): Promise<IncomingMessage> {
  const query = {
    fromSrc: o.fromSrc, repo: o.repo || undefined, tag: o.tag || undefined, message: o.message || undefined,
    changes: o.changes && o.changes.length > 0 ? o.changes : undefined, platform: o.platform || undefined,
  };
  return t.request({
    method: 'POST', path: '/images/create', query,
    ...(o.source ? { body: o.source, headers: { 'Content-Type': 'text/plain' } } : {}),
  });
}
