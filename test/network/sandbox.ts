/**
 * A network sandbox for tests of the netavark driver: a "host" network namespace the test makes,
 * in which netavark runs (so its bridge, veths, iptables rules and aardvark-dns live there and
 * never on the real host), plus container namespaces, all under one temp dir. `close()` stops
 * aardvark-dns and removes every namespace, which removes everything in them. `hostSnapshot()`
 * records the real host's links, named namespaces, firewall and forwarding, to compare after.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aardvarkPid, stopAardvark } from '../../src/network/netavark/aardvark.js';
import { NetavarkDriver } from '../../src/network/netavark/driver.js';
import { createNetns, removeNetns } from '../../src/network/netns.js';

export const NETAVARK = '/usr/lib/podman/netavark';
export const AARDVARK = '/usr/lib/podman/aardvark-dns';
export const BUSYBOX = '/usr/bin/busybox';

/** Runs argv with a time limit; resolves with stdout, rejects with stderr in the message. */
export function sh(argv: string[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${argv.join(' ')}: ${stderr.trim() || err.message}\n${stdout}`));
      else resolve(stdout);
    });
  });
}

export class Sandbox {
  readonly driver: NetavarkDriver;
  readonly #namespaces: string[] = [];
  readonly #children: ChildProcess[] = [];

  private constructor(readonly dir: string, readonly hostNs: string) {
    this.driver = new NetavarkDriver({
      binary: NETAVARK,
      aardvarkBinary: AARDVARK,
      configDir: join(dir, 'netavark'),
      hostNetns: hostNs,
      timeoutMs: 20_000,
    });
  }

  get configDir(): string {
    return this.driver.runner.config.configDir;
  }

  static async open(): Promise<Sandbox> {
    const dir = await mkdtemp(join(tmpdir(), 'wharf-netns-'));
    const host = await createNetns(join(dir, 'host'));
    const box = new Sandbox(dir, host);
    box.#namespaces.push(host);
    await box.exec(host, ['ip', 'link', 'set', 'lo', 'up']);
    return box;
  }

  /** A new, empty container namespace. */
  async container(name: string): Promise<string> {
    const ns = await createNetns(join(this.dir, name));
    this.#namespaces.push(ns);
    return ns;
  }

  /** Runs argv inside namespace `ns`. */
  exec(ns: string, argv: string[], timeoutMs = 10_000): Promise<string> {
    return sh(['nsenter', `--net=${ns}`, '--', ...argv], timeoutMs);
  }

  /** Starts a long-running argv inside `ns`; close() kills it. */
  spawn(ns: string, argv: string[]): ChildProcess {
    const child = spawn('nsenter', [`--net=${ns}`, '--', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#children.push(child);
    return child;
  }

  aardvarkPid(): Promise<number | undefined> {
    return aardvarkPid(this.configDir);
  }

  /** Stops what runs, then removes the namespaces (and with them every link and rule) and the dir. */
  async close(): Promise<void> {
    for (const c of this.#children) c.kill('SIGKILL');
    if (await stopAardvark(this.configDir)) {
      // Wait (bounded) for it to go, so it does not outlive the test holding the host namespace.
      await eventually(async () => assert.equal(await this.aardvarkPid(), undefined, 'aardvark-dns still runs'), 30, 100);
    }
    for (const ns of this.#namespaces.reverse()) await removeNetns(ns);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** What a test must leave as it found on the real host. */
export interface HostSnapshot {
  links: string[];
  netns: string[];
  iptables: string;
  forwardPolicy: string;
  ipForward: string;
}

/** The prefix of the named namespaces that netns.test.ts makes and removes. */
export const UNIT_NETNS_PREFIX = 'wharf-netns-unit-';

export async function hostSnapshot(): Promise<HostSnapshot> {
  const links = (await sh(['ip', '-o', 'link', 'show'])).split('\n').filter(Boolean).map((l) => l.split(':')[1]!.trim()).sort();
  const iptables = (await sh(['iptables-save']))
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/, ''))
    .join('\n');
  const forwardPolicy = /^:FORWARD (\S+)/m.exec(iptables)?.[1] ?? '';
  const ipForward = (await readFile('/proc/sys/net/ipv4/ip_forward', 'utf8')).trim();
  // src/network/netns.test.ts may run beside these suites and checks its own named namespaces.
  const netns = (await sh(['ip', 'netns', 'list'])).split('\n').filter((l) => l && !l.startsWith(UNIT_NETNS_PREFIX));
  return { links, netns, iptables, forwardPolicy, ipForward };
}

/**
 * Retries `check` until it passes, at most `tries` times `delayMs` apart, for what settles shortly
 * after a netavark call returns (aardvark-dns reloads its entries on SIGHUP, and exits on SIGTERM).
 */
export async function eventually<T>(check: () => Promise<T>, tries = 30, delayMs = 100): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await check();
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
