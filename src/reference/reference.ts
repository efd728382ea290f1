/**
 * Image references with Docker's defaults: `busybox` is `docker.io/library/busybox:latest`,
 * `host:5000/a/b:tag`, `repo@sha256:…`. Grammar from distribution/reference; messages are Docker's.
 */
import { type Digest, isDigest } from '../oci/digest.js';

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DOMAIN = 'index.docker.io';
export const OFFICIAL_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
const MAX_NAME_LENGTH = 255;

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?`;
const PATH_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const ANCHORED_ID_RE = /^[a-f0-9]{64}$/;

export class InvalidReferenceError extends Error {
  readonly code = 'INVALID_REFERENCE';
  constructor(message = 'invalid reference format') {
    super(message);
  }
}

/** A fully qualified reference: domain and path are always set; tag and digest may both be absent. */
export interface Reference {
  domain: string;
  /** Repository path inside the domain, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  digest?: Digest;
}

/** `docker.io/library/busybox` */
export function repositoryName(r: Pick<Reference, 'domain' | 'path'>): string {
  return `${r.domain}/${r.path}`;
}

/** Docker's "familiar" form: `busybox`, `user/app`, `host:5000/app`. */
export function familiarName(r: Pick<Reference, 'domain' | 'path'>): string {
  if (r.domain !== DEFAULT_DOMAIN) return `${r.domain}/${r.path}`;
  return r.path.startsWith(OFFICIAL_PREFIX) ? r.path.slice(OFFICIAL_PREFIX.length) : r.path;
}

/** Familiar string with tag and/or digest: `busybox:latest`, `app@sha256:…`. */
export function familiarString(r: Reference): string {
  let s = familiarName(r);
  if (r.tag) s += `:${r.tag}`;
  if (r.digest) s += `@${r.digest}`;
  return s;
}

/** Fully qualified string: `docker.io/library/busybox:latest`. */
export function referenceString(r: Reference): string {
  let s = repositoryName(r);
  if (r.tag) s += `:${r.tag}`;
  if (r.digest) s += `@${r.digest}`;
  return s;
}

/** Splits "name[:tag][@digest]" and normalises the name. Does not add a default tag. */
export function parseNormalizedNamed(input: string): Reference {
  if (ANCHORED_ID_RE.test(input)) {
    throw new InvalidReferenceError(
      `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`,
    );
  }
  let rest = input;
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const d = rest.slice(at + 1);
    if (!isDigest(d)) throw new InvalidReferenceError();
    digest = d;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new InvalidReferenceError();
  }
  const { domain, path } = splitDomain(rest);
  if (!DOMAIN_RE.test(domain)) throw new InvalidReferenceError();
  if (!PATH_RE.test(path)) {
    if (PATH_RE.test(path.toLowerCase())) {
      throw new InvalidReferenceError('invalid reference format: repository name must be lowercase');
    }
    throw new InvalidReferenceError();
  }
  if (domain.length + 1 + path.length > MAX_NAME_LENGTH) {
    throw new InvalidReferenceError(`repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  }
  return { domain, path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** Like parseNormalizedNamed, then adds `:latest` when neither tag nor digest is given. */
export function parseReference(input: string): Reference {
  const r = parseNormalizedNamed(input);
  if (!r.tag && !r.digest) r.tag = DEFAULT_TAG;
  return r;
}

function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let domain: string;
  let path: string;
  if (slash < 0 || (!first.includes('.') && !first.includes(':') && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    path = name;
  } else {
    domain = first;
    path = name.slice(slash + 1);
  }
  if (domain === LEGACY_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;
  return { domain, path };
}

/** Whether `s` is a valid tag on its own (as in `docker tag x repo:TAG`). */
export function isValidTag(s: string): boolean {
  return TAG_RE.test(s);
}

/** Whether `s` is a valid repository path (no domain), as registries check names. */
export function isValidRepositoryPath(s: string): boolean {
  return PATH_RE.test(s) && s.length <= MAX_NAME_LENGTH;
}
