/**
 * A stand-in daemon that records what clients send: it answers `_ping`/`version` as an API 1.50
 * Linux daemon, `POST /containers/create` with an ID (keeping the body and query), start and
 * wait as a container that exits 0, pulls with a registry error (keeping the query), and 404 for
 * the rest. Used to compare the create body `wharf`
 * sends with the docker CLI's, flag for flag, without any container being made.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER, runCommand, CLI_JS, type RunResult } from './daemon.js';

/** One create request as received. */
export interface CapturedCreate { query: URLSearchParams; body: Record<string, any> }

export class CaptureDaemon {
  readonly creates: CapturedCreate[] = [];
  /** Queries of `POST /images/create` (pulls), answered with a registry error. */
  readonly pulls: URLSearchParams[] = [];
  readonly #dir = mkdtempSync('/tmp/wh-cap-');
  readonly socket = join(this.#dir, 'api.sock');
  #server?: http.Server;

  get host(): string { return `unix://${this.socket}`; }

  async start(): Promise<void> {
    this.#server = http.createServer((req, res) => this.#answer(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(this.socket, resolve));
  }

  #answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://capture');
      const path = url.pathname.replace(/^\/v1\.\d+/, '');
      res.setHeader('Api-Version', '1.50');
      res.setHeader('Ostype', 'linux');
      res.setHeader('Content-Type', 'application/json');
      const send = (status: number, body?: unknown) => {
        res.statusCode = status;
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (path === '/_ping') return send(200, 'OK');
      if (path === '/version') return send(200, { ApiVersion: '1.50', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', Version: '28.2.2' });
      if (path === '/containers/create') {
        this.creates.push({ query: url.searchParams, body: JSON.parse(text) });
        return send(201, { Id: 'c'.repeat(64), Warnings: [] });
      }
      if (path === '/images/create') {
        this.pulls.push(url.searchParams);
        return send(500, { message: 'no registry here' });
      }
      if (/^\/containers\/c+\/start$/.test(path)) return send(204);
      if (/^\/containers\/c+\/wait$/.test(path)) return send(200, { StatusCode: 0, Error: null });
      return send(404, { message: `not captured: ${req.method} ${path}` });
    });
  }

  /** The docker CLI against this daemon. */
  docker(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<RunResult> {
    return runCommand(DOCKER, ['-H', this.host, ...args], { env, ...(cwd ? { cwd } : {}) });
  }

  /** `wharf` against this daemon (`node -- cli`: node 20 would take a later `--env-file` as its own). */
  wharf(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<RunResult> {
    return runCommand(process.execPath, ['--', CLI_JS, '-H', this.host, ...args], { env: { ...env, WHARF_NO_AUTOSTART: '1' }, ...(cwd ? { cwd } : {}) });
  }

  /** The last create request, removed from the record. */
  take(): CapturedCreate | undefined {
    return this.creates.pop();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
