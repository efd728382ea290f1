/**
 * A scripted Engine API daemon for the registry commands (login, search, pull, push): it answers
 * `_ping`/`version` as API 1.50, `POST /auth`, `GET /images/search`, `POST /images/create` and
 * `POST /images/{name}/push` from fixed scripts, and records every request with its
 * `X-Registry-Auth` decoded. Running the docker CLI and wharf against it with the same config
 * directory shows whether they send the same requests and print the same things.
 *
 * Scripts: `/auth` accepts alice/secret ("Login Succeeded"), gives an IdentityToken to tokenuser/pw,
 * answers 500 for server `down.example`, 401 otherwise. Pulls and pushes stream dockerd-shaped
 * progress; a name containing `denied` gets an in-band error, one containing `missing` a 404.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One recorded request, version prefix stripped. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  /** X-Registry-Auth decoded, empty fields dropped; undefined when the header was absent. */
  auth?: Record<string, unknown>;
  body?: unknown;
}

const DIGEST = `sha256:${'d'.repeat(64)}`;

/** The search rows: unsorted stars, a long description with a newline, an official image. */
export const SEARCH_ROWS = [
  { name: 'hcli/small', description: 'short', star_count: 3, is_official: false, is_automated: false },
  { name: 'busybox', description: 'Busybox base image.\nSmall and handy, with a description well past forty-five columns', star_count: 3400, is_official: true, is_automated: false },
  { name: 'hcli/none', description: '', star_count: 0, is_official: false, is_automated: true },
  { name: 'hcli/tie', description: 'exactly forty-five characters long, yes it is', star_count: 3, is_official: false, is_automated: false },
];

function decodeAuth(header: string | undefined): Record<string, unknown> | undefined {
  if (header === undefined) return undefined;
  const o = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== undefined && v !== null));
}

function pullStream(tag: string): string[] {
  return [
    { status: `Pulling from hcli/bb`, id: tag },
    { status: 'Pulling fs layer', progressDetail: {}, id: 'ef3e42f88fcb' },
    { status: 'Downloading', progressDetail: { current: 512, total: 1024 }, progress: '[=========================>                         ]     512B/1.024kB', id: 'ef3e42f88fcb' },
    { status: 'Download complete', progressDetail: {}, id: 'ef3e42f88fcb' },
    { status: 'Pull complete', progressDetail: {}, id: 'ef3e42f88fcb' },
    { status: `Digest: ${DIGEST}` },
    { status: `Status: Downloaded newer image for 127.0.0.1:5000/hcli/bb:${tag}` },
  ].map((m) => JSON.stringify(m));
}

function pushStream(name: string, tag: string): string[] {
  return [
    { status: `The push refers to repository [${name}]` },
    { status: 'Preparing', progressDetail: {}, id: 'ef3e42f88fcb' },
    { status: 'Pushing', progressDetail: { current: 512, total: 1024 }, progress: '[=========================>                         ]     512B/1.024kB', id: 'ef3e42f88fcb' },
    { status: 'Pushed', progressDetail: {}, id: 'ef3e42f88fcb' },
    { status: `${tag}: digest: ${DIGEST} size: 527` },
    { progressDetail: {}, aux: { Tag: tag, Digest: DIGEST, Size: 527 } },
  ].map((m) => JSON.stringify(m));
}

const DENIED = JSON.stringify({ errorDetail: { message: 'denied: requested access to the resource is denied' }, error: 'denied: requested access to the resource is denied' });

export class RegistryApiDouble {
  readonly requests: RecordedRequest[] = [];
  readonly #dir = mkdtempSync('/tmp/wh-regapi-');
  readonly socket = join(this.#dir, 'api.sock');
  #server?: http.Server;

  get host(): string {
    return `unix://${this.socket}`;
  }

  async start(): Promise<void> {
    this.#server = http.createServer((req, res) => this.#answer(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(this.socket, resolve));
  }

  /** The recorded requests other than `_ping`/`version`, and forgets them. */
  take(): RecordedRequest[] {
    return this.requests.splice(0).filter((r) => r.path !== '/_ping' && r.path !== '/version');
  }

  #answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const path = url.pathname.replace(/^\/v1\.\d+/, '');
      const query: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
      const auth = decodeAuth(req.headers['x-registry-auth'] as string | undefined);
      this.requests.push({ method: req.method ?? '', path, query, ...(auth ? { auth } : {}), ...(text ? { body: JSON.parse(text) } : {}) });
      res.setHeader('Api-Version', '1.50');
      res.setHeader('Ostype', 'linux');
      this.#route(req.method ?? '', path, url.searchParams, text, res);
    });
  }

  #route(method: string, path: string, q: URLSearchParams, text: string, res: http.ServerResponse): void {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    const stream = (lines: string[]): void => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(lines.map((l) => `${l}\r\n`).join(''));
    };
    if (path === '/_ping') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
    if (path === '/version') return json(200, { ApiVersion: '1.50', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', Version: '28.2.2' });
    if (method === 'POST' && path === '/auth') return this.#auth(JSON.parse(text) as Record<string, string>, json);
    if (method === 'GET' && path === '/images/search') {
      const limit = Number(q.get('limit') ?? '25') || 25;
      return json(200, SEARCH_ROWS.slice(0, limit));
    }
    const name = method === 'POST' && path === '/images/create' ? q.get('fromImage') ?? '' : /^\/images\/(.+)\/push$/.exec(path)?.[1];
    if (name === undefined) return json(404, { message: `page not found: ${method} ${path}` });
    if (name.includes('missing')) return json(404, { message: `manifest for ${name}:${q.get('tag') ?? ''} not found: manifest unknown: manifest unknown` });
    if (name.includes('denied')) return stream([JSON.stringify({ status: `The push refers to repository [${name}]` }), DENIED]);
    return stream(path === '/images/create' ? pullStream(q.get('tag') ?? 'latest') : pushStream(name, q.get('tag') ?? 'latest'));
  }

  #auth(body: Record<string, string>, json: (status: number, body: unknown) => void): void {
    if (body['serveraddress'] === 'down.example') return json(500, { message: 'Get "https://down.example/v2/": dial tcp: lookup down.example: no such host' });
    if (body['username'] === 'alice' && body['password'] === 'secret') return json(200, { Status: 'Login Succeeded', IdentityToken: '' });
    if (body['username'] === 'tokenuser' && body['password'] === 'pw') return json(200, { Status: 'Login Succeeded', IdentityToken: 'idtoken-123' });
    return json(401, { message: `login attempt to https://${body['serveraddress']}/v2/ failed with status: 401 Unauthorized` });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
