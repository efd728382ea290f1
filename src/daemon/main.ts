#!/usr/bin/env node
/**
 * wharfd: the daemon. Parses flags and daemon.json, locks the data-root, wires the engine, serves
 * the Engine API on its unix socket(s), and shuts down cleanly on SIGTERM/SIGINT (containers keep
 * running under conmon).
 */
import { mkdirSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import { ConfigError, parseDaemonArgs, USAGE, type DaemonConfig } from './config.js';
import { lockDataRoot } from './lock.js';
import { wireEngine } from './wiring.js';
import { createApiServer } from '../api/server.js';
import { createLogger, type Logger } from './log.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function socketPath(host: string): string {
  if (!host.startsWith('unix://')) throw new Error(`unsupported host ${host}: only unix:// sockets are served`);
  return host.slice('unix://'.length);
}

function listen(server: Server, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true }); // safe: the data-root lock proves no other daemon owns it
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      chmodSync(path, 0o660);
      resolve();
    });
  });
}

async function run(config: DaemonConfig, log: Logger): Promise<void> {
  mkdirSync(config.dataRoot, { recursive: true });
  const lockFd = lockDataRoot(config.dataRoot);
  const engine = await wireEngine(config, VERSION);
  const servers: Server[] = [];
  for (const host of config.hosts) {
    const server = createApiServer({ engine, serverVersion: VERSION, log: (m) => log.error(m), debug: config.logLevel === 'debug' ? (m) => log.debug(m) : undefined });
    await listen(server, socketPath(host));
    servers.push(server);
    log.info(`API listening on ${host}`);
  }
  const stop = async (sig: string) => {
    log.info(`received ${sig}, shutting down`);
    for (const s of servers) {
      s.close();
      s.closeAllConnections();
    }
    for (const host of config.hosts) rmSync(socketPath(host), { force: true });
    await engine.shutdown();
    void lockFd;
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseDaemonArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${e instanceof ConfigError ? '' : USAGE}`);
    process.exit(1);
  }
  if (parsed.help) return void process.stdout.write(USAGE);
  if (parsed.version) return void process.stdout.write(`Wharf version ${VERSION}\n`);
  const log = createLogger(parsed.config.logLevel);
  try {
    await run(parsed.config, log);
  } catch (e) {
    log.error(`failed to start daemon: ${(e as Error).message}`);
    process.exit(1);
  }
}

void main();
