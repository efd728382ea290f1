/** Container endpoints, in the shapes and parameter spellings the docker CLI uses. */
import type { IncomingMessage } from 'node:http';
import { hijack, type HijackedStream } from '../hijack.js';
import { readBody, type Transport } from '../transport.js';
import type { ContainerInspect, ContainerSummary, CreateBody, CreateResponse, WaitResponse } from './types.js';

/** `POST /containers/create?name=&platform=`. */
export function createContainer(t: Transport, body: CreateBody, o: { name?: string; platform?: string } = {}): Promise<CreateResponse> {
  const query = { name: o.name || undefined, platform: o.platform || undefined };
  return t.json<CreateResponse>({ method: 'POST', path: '/containers/create', query, json: body });
}

/** `POST /containers/{id}/start`. */
export async function startContainer(t: Transport, id: string): Promise<void> {
  await t.call({ method: 'POST', path: `/containers/${encodeURIComponent(id)}/start` });
}

/** Which streams to attach. */
export interface AttachOptions {
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  detachKeys?: string;
}

/** `POST /containers/{id}/attach?stream=1&…`, hijacked. */
export function attachContainer(t: Transport, id: string, o: AttachOptions): Promise<HijackedStream> {
  const query = { stream: true, stdin: o.stdin, stdout: o.stdout, stderr: o.stderr, detachKeys: o.detachKeys || undefined };
  return hijack(t, { path: `/containers/${encodeURIComponent(id)}/attach`, query });
}

/** A registered wait: the daemon acknowledged it; `result` settles when the condition is met. */
export interface PendingWait {
  result: Promise<WaitResponse>;
}

/**
 * `POST /containers/{id}/wait?condition=`. Resolves once the daemon has sent the response headers,
 * i.e. once the wait is registered, so a start issued afterwards cannot race past it.
 */
export async function waitContainer(t: Transport, id: string, condition: 'not-running' | 'next-exit' | 'removed'): Promise<PendingWait> {
  const res = await t.request({ method: 'POST', path: `/containers/${encodeURIComponent(id)}/wait`, query: { condition } });
  const result = readBody(res).then((text) => JSON.parse(text) as WaitResponse);
  result.catch(() => undefined);
  return { result };
}

/** Options of `GET /containers/json`. */
export interface ListContainersOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  filters?: Record<string, Record<string, boolean>>;
}

/** `GET /containers/json`. */
export function listContainers(t: Transport, o: ListContainersOptions = {}): Promise<ContainerSummary[]> {
  const filters = o.filters && Object.keys(o.filters).length > 0 ? JSON.stringify(o.filters) : undefined;
  const limit = o.limit !== undefined && o.limit > 0 ? o.limit : undefined;
  return t.json<ContainerSummary[]>({ method: 'GET', path: '/containers/json', query: { all: o.all, limit, size: o.size, filters } });
}

/** `GET /containers/{id}/json`. */
export function inspectContainer(t: Transport, id: string): Promise<ContainerInspect> {
  return t.json<ContainerInspect>({ method: 'GET', path: `/containers/${encodeURIComponent(id)}/json` });
}

/** Options of `GET /containers/{id}/logs`. */
export interface LogsOptions {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
  details?: boolean;
}

/** `GET /containers/{id}/logs?stdout=1&stderr=1&…`; the body is framed unless the container has a TTY. */
export function containerLogs(t: Transport, id: string, o: LogsOptions): Promise<IncomingMessage> {
  const query = {
    stdout: true, stderr: true, follow: o.follow, tail: o.tail, timestamps: o.timestamps,
    since: o.since || undefined, until: o.until || undefined, details: o.details,
  };
  return t.request({ method: 'GET', path: `/containers/${encodeURIComponent(id)}/logs`, query });
}

/** `DELETE /containers/{id}?force=&v=&link=`. */
export async function removeContainer(t: Transport, id: string, o: { force?: boolean; volumes?: boolean; link?: boolean } = {}): Promise<void> {
  await t.call({ method: 'DELETE', path: `/containers/${encodeURIComponent(id)}`, query: { force: o.force, v: o.volumes, link: o.link } });
}

/** Options of stop and restart: `t` only when the user gave a timeout, `signal` only when not empty. */
export interface StopOptions {
  timeout?: number;
  signal?: string;
}

/** `POST /containers/{id}/stop?t=&signal=` (a 304 for a stopped container is success, as in docker). */
export async function stopContainer(t: Transport, id: string, o: StopOptions = {}): Promise<void> {
  await t.call({ method: 'POST', path: `/containers/${encodeURIComponent(id)}/stop`, query: { t: o.timeout, signal: o.signal || undefined } });
}

/** `POST /containers/{id}/restart?t=&signal=`. */
export async function restartContainer(t: Transport, id: string, o: StopOptions = {}): Promise<void> {
  await t.call({ method: 'POST', path: `/containers/${encodeURIComponent(id)}/restart`, query: { t: o.timeout, signal: o.signal || undefined } });
}

/** `POST /containers/{id}/kill?signal=`. */
export async function killContainer(t: Transport, id: string, signal?: string): Promise<void> {
  await t.call({ method: 'POST', path: `/containers/${encodeURIComponent(id)}/kill`, query: { signal } });
}

/** `POST /containers/{id}/resize?h=&w=`. */
export async function resizeContainer(t: Transport, id: string, size: { height: number; width: number }): Promise<void> {
  await t.call({ method: 'POST', path: `/containers/${encodeURIComponent(id)}/resize`, query: { h: size.height, w: size.width } });
}
