/**
 * Starts a real wharfd on a temp data-root and socket for an integration test, and talks to it:
 * raw API calls (`api`), the real docker CLI (`docker`), and the busybox image (`importBusybox`).
 * Paths stay short: conmon's attach socket path must fit in 108 bytes.
 *
 * Each daemon runs in a network namespace of its own (`netns`, made by the test, lo up): that is its
 * "host". Its bridges, veths, iptables rules, aardvark-dns and published ports live there and never
 * on the real host, and daemons of parallel tests do not clash over the default bridge's subnet.
 * Reach a published port with `inNetns` (curl, wget run inside it). The API socket is a file, so
 * clients outside the namespace reach the daemon as usual.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, readdirSync, readlinkSync, statSync, createReadStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import http from 'node:http';
import { busyboxTar } from './busybox.js';
import { createNetns, removeNetns } from '../../src/network/netns.js';

export const REPO = resolve(new URL('../../..', import.meta.url).pathname);
export const DAEMON_JS = join(REPO, 'dist/src/daemon/main.js');
export const CLI_JS = join(REPO, 'dist/src/cli/main.js');
/** The installed entry: the launcher that runs the CLI's startup snapshot. */
export const WHARF_BIN = join(REPO, 'bin/wharf');
export const DOCKER = '/usr/local/bin/docker';

export interface ApiResponse { status: number; headers: http.IncomingHttpHeaders; body: string; json(): any }
export interface RunResult { code: number; stdout: string; stderr: string }

export class TestDaemon {
  proc?: ChildProcess;
  log = '';
  /** Extra environment of the daemon process (WHARF_REGISTRY_TIMEOUT_MS…), on top of the test's. */
  env: NodeJS.ProcessEnv = {};

  /** `hostNetwork`: the daemon shares the test's own network namespace (see `netns`). */
  constructor(readonly root: string, readonly hostNetwork = false) {}

  get dataRoot() { return join(this.root, 'data'); }
  get execRoot() { return join(this.root, 'run'); }
  get socket() { return join(this.execRoot, 'wharf.sock'); }
  get host() { return `unix://${this.socket}`; }
  /**
   * The daemon's network namespace (its "host"), made at the first start; beside the root, not in it,
   * so tests that look for mounts left under the root do not see it.
   */
  get netns() { return join(dirname(this.root), `netns-${basename(this.root)}`); }

  async start(extraArgs: string[] = []): Promise<void> {
    // hostNetwork is only for tests that must reach servers on the host's loopback; their containers use --network none.
    if (!this.hostNetwork && !existsSync(this.netns)) {
      await createNetns(this.netns);
      const up = await this.inNetns(['ip', 'link', 'set', 'lo', 'up']);
      if (up.code !== 0) throw new Error(`lo up in ${this.netns}: ${up.stderr}`);
    }
    const daemon = [process.execPath, DAEMON_JS, '--data-root', this.dataRoot, '--exec-root', this.execRoot, '-H', this.host, ...extraArgs];
    const [cmd, ...args] = this.hostNetwork ? daemon : ['nsenter', `--net=${this.netns}`, '--', ...daemon];
    // nsenter execs node, so the child's pid is the daemon's (stop() signals it directly).
    this.proc = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env } });
    this.proc.stdout!.on('data', (d) => (this.log += d));
    this.proc.stderr!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`wharfd exited ${this.proc.exitCode}: ${this.log}`);
      if (existsSync(this.socket) && (await this.api('GET', '/_ping').then((r) => r.status === 200, () => false))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`wharfd did not answer in time: ${this.log}`);
  }

  /** Stops the daemon with `signal` and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode) return p?.exitCode ?? null;
    const done = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.kill(signal);
    return done;
  }

  /** One request; it fails when the answer is silent for `idleMs` (30 s). */
  api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, idleMs = 30_000): Promise<ApiResponse> {
    return new Promise((resolvePromise, reject) => {
      const data = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const req = http.request({ socketPath: this.socket, method, path, headers: { 'Content-Type': 'application/json', ...headers }, timeout: idleMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) }));
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.end(data);
    });
  }

  /** Runs argv inside the daemon's network namespace (where its published ports and bridges are). */
  inNetns(argv: string[], o: { input?: string; timeout?: number } = {}): Promise<RunResult> {
    return runCommand('nsenter', [`--net=${this.netns}`, '--', ...argv], o);
  }

  /** Runs the real docker CLI against this daemon. */
  docker(args: string[], o: { input?: string; timeout?: number } = {}): Promise<RunResult> {
    return runCommand(DOCKER, ['-H', this.host, ...args], o);
  }

  /** Runs our own CLI against this daemon, as installed (bin/wharf). */
  wharf(args: string[], o: { input?: string; timeout?: number } = {}): Promise<RunResult> {
    return runCommand(WHARF_BIN, ['-H', this.host, ...args], o);
  }

  /** Imports the busybox rootfs as busybox:latest with CMD ["sh"] (what Docker's busybox has). */
  async importBusybox(name = 'busybox:latest'): Promise<string> {
    const [repo, tag] = name.split(':');
    return new Promise((resolvePromise, reject) => {
      const req = http.request({
        socketPath: this.socket, method: 'POST', headers: { 'Content-Type': 'application/x-tar' },
        path: `/v1.50/images/create?fromSrc=-&repo=${repo}&tag=${tag ?? 'latest'}&changes=${encodeURIComponent('CMD ["sh"]')}`,
      }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const m = /"status":"(sha256:[a-f0-9]{64})"/.exec(text);
          m ? resolvePromise(m[1]!) : reject(new Error(`import failed: ${text}`));
        });
      });
      req.on('error', reject);
      createReadStream(busyboxTar()).pipe(req);
    });
  }

  /** Stops the daemon, force-removes its containers' state and deletes the temp tree. */
  async cleanup(): Promise<void> {
    if (this.proc && this.proc.exitCode === null && !this.proc.signalCode) {
      const list = await this.api('GET', '/containers/json?all=1').catch(() => undefined);
      for (const c of (list?.status === 200 ? list.json() : []) as Array<{ Id: string }>) {
        await this.api('DELETE', `/containers/${c.Id}?force=1`).catch(() => undefined);
      }
      await this.stop();
    }
    await killLeftovers(this.root);
    if (existsSync(this.netns)) {
      killInNetns(this.netns); // aardvark-dns, and monitors of containers a failed test left
      await removeNetns(this.netns).catch(() => undefined);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** SIGKILLs every process whose network namespace is the one bound at `nsFile`. */
function killInNetns(nsFile: string): void {
  let want: string;
  try {
    want = `net:[${statSync(nsFile).ino}]`;
  } catch {
    return;
  }
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/ns/net`) === want) process.kill(Number(pid), 'SIGKILL');
    } catch { /* gone, or not ours to read */ }
  }
}

/** Unmounts anything still mounted under `root` (a test that failed midway). */
async function killLeftovers(root: string): Promise<void> {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4] ?? '').filter((m) => m.startsWith(root));
  for (const m of mounts.reverse()) await runCommand('umount', ['-l', m]).catch(() => undefined);
}

export function runCommand(cmd: string, args: string[], o: { input?: string; inputBuffer?: Buffer; timeout?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(cmd, args, { timeout: o.timeout ?? 60_000, maxBuffer: 64 * 1024 * 1024, env: o.env ?? process.env, ...(o.cwd ? { cwd: o.cwd } : {}) }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (o.inputBuffer !== undefined) child.stdin!.end(o.inputBuffer);
    else if (o.input !== undefined) child.stdin!.end(o.input);
    else child.stdin?.end();
  });
}

/** A fresh daemon on a short temp path. */
export async function startDaemon(extraArgs: string[] = [], o: { hostNetwork?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<TestDaemon> {
  const d = new TestDaemon(mkdtempSync('/tmp/wh-'), o.hostNetwork);
  d.env = o.env ?? {};
  await d.start(extraArgs);
  return d;
}
