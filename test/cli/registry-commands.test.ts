/**
 * login, logout, search, pull and push side by side with docker CLI 28: each case runs the docker
 * CLI and wharf against the same scripted daemon (helpers/registry-api-double.ts), each with its
 * own copy of the same config directory and its own fake credential helper store, and expects the
 * same exit status, stdout, stderr, requests (query, body, X-Registry-Auth decoded), config file
 * afterwards and helper calls. No registry and no engine are needed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_JS, DOCKER, runCommand, type RunResult } from '../helpers/daemon.js';
import { ptySession } from '../helpers/pty.js';
import { RegistryApiDouble, type RecordedRequest } from '../helpers/registry-api-double.js';

const HUB = 'https://index.docker.io/v1/';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ALICE = { auths: { '127.0.0.1:5000': { auth: b64('alice:secret') } } };

/** A fake `docker-credential-test` (state under $FAKE_STORE, calls logged) and an always failing `docker-credential-boom`. */
const FAKE_HELPER = `#!/bin/sh
d="$FAKE_STORE"; in=$(cat); printf '%s %s\\n' "$1" "$in" >> "$d/log"
key() { printf %s "$1" | tr -c 'a-zA-Z0-9' '_'; }
case "$1" in
get) [ -f "$d/$(key "$in")" ] && cat "$d/$(key "$in")" || { echo "credentials not found in native keychain"; exit 1; } ;;
store) url=$(printf %s "$in" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/'); printf %s "$in" > "$d/$(key "$url")" ;;
erase) [ -f "$d/$(key "$in")" ] && rm "$d/$(key "$in")" || { echo "credentials not found in native keychain"; exit 1; } ;;
esac
`;

interface Case {
  args: string[];
  config?: unknown;
  input?: string;
  env?: Record<string, string>;
}

const CASES: Record<string, Case> = {
  'login with -p stores base64 user:pass and warns twice': { args: ['login', '-u', 'alice', '-p', 'secret', '127.0.0.1:5000'] },
  'login with stored credentials authenticates with them': { args: ['login', '127.0.0.1:5000'], config: ALICE },
  'login with stored credentials the daemon refuses, then no terminal': { args: ['login', '127.0.0.1:5000'], config: { auths: { '127.0.0.1:5000': { auth: b64('alice:old') } } } },
  'login with stored credentials and a daemon error other than 401': { args: ['login', 'down.example'], config: { auths: { 'down.example': { auth: b64('alice:secret') } } } },
  'login refused': { args: ['login', '-u', 'alice', '-p', 'wrong', '127.0.0.1:5000'] },
  'login: an identity token is stored instead of the password': { args: ['login', '-u', 'tokenuser', '-p', 'pw', 'reg.example'] },
  'login: a daemon error other than 401': { args: ['login', '-u', 'alice', '-p', 'secret', 'down.example'] },
  'login --password-stdin, server given as a URL': { args: ['login', '-u', 'alice', '--password-stdin', 'http://127.0.0.1:5000/v2/'], input: 'secret\r\n' },
  'login --password-stdin without --username': { args: ['login', '--password-stdin', '127.0.0.1:5000'], input: 'secret\n' },
  'login -p with --password-stdin': { args: ['login', '-u', 'alice', '-p', 'x', '--password-stdin', '127.0.0.1:5000'] },
  'login -u with an empty value': { args: ['login', '-u', '', '-p', 'secret', '127.0.0.1:5000'] },
  'login -p with an empty value': { args: ['login', '-u', 'alice', '-p', '', '127.0.0.1:5000'] },
  'login without a password and without a terminal': { args: ['login', '-u', 'alice', '127.0.0.1:5000'] },
  'login to docker.io means Docker Hub': { args: ['login', '-u', 'alice', '-p', 'secret', 'docker.io'], config: { credsStore: 'test' } },
  'login to the Hub index URL keeps it as the key': { args: ['login', '-u', 'alice', '-p', 'secret', 'https://index.docker.io/v1/'] },
  'login keeps unknown keys (docker drops them: compared apart)': { args: ['login', '-u', 'alice', '-p', 'secret', '127.0.0.1:5000'], config: { auths: {} } },
  'login through credsStore': { args: ['login', '-u', 'alice', '-p', 'secret', '127.0.0.1:5000'], config: { credsStore: 'test' } },
  'login again through credsStore: get, then store': { args: ['login', '127.0.0.1:5000'], config: { credsStore: 'test' } },
  'login with a failing helper': { args: ['login', '-u', 'alice', '-p', 'secret', '127.0.0.1:5000'], config: { credsStore: 'boom' } },
  'login with a missing helper': { args: ['login', '-u', 'alice', '-p', 'secret', '127.0.0.1:5000'], config: { credsStore: 'nope' } },
  'login with too many arguments': { args: ['login', 'a', 'b'] },
  'logout erases the entry': { args: ['logout', '127.0.0.1:5000'], config: { auths: { ...ALICE.auths, 'other.example': { auth: b64('bob:pw') } } } },
  'logout of the Hub index URL': { args: ['logout', HUB], config: { auths: { [HUB]: { auth: b64('bob:pw') } } } },
  'logout when not logged in': { args: ['logout', '127.0.0.1:5000'] },
  'logout of Docker Hub': { args: ['logout'], config: { auths: { [HUB]: { auth: b64('bob:pw') } } } },
  'logout of a URL with a failing helper warns for every name': { args: ['logout', 'http://127.0.0.1:5000/v2/'], config: { credsStore: 'boom' } },
  'logout of host:port with a failing helper does not warn': { args: ['logout', '127.0.0.1:5000'], config: { credsStore: 'boom' } },
  'logout through credsStore': { args: ['logout', '127.0.0.1:5000'], config: { credsStore: 'test' } },
  'search: table sorted by stars, descriptions cut at 45 columns': { args: ['search', '127.0.0.1:5000/hcli'], config: ALICE },
  'search --no-trunc': { args: ['search', '--no-trunc', 'busybox'] },
  'search --limit': { args: ['search', '--limit', '2', 'busybox'] },
  'search --format json': { args: ['search', '--format', 'json', 'busybox'] },
  'search --format template': { args: ['search', '--format', '{{.Name}}: {{.StarCount}} {{.IsOfficial}}', 'busybox'] },
  'search --format with IsAutomated (gone in CLI 28)': { args: ['search', '--format', '{{.IsAutomated}}', 'busybox'] },
  'search filters': { args: ['search', '-f', 'stars=3', '-f', 'is-official=true', 'busybox'], config: { auths: { [HUB]: { auth: b64('bob:pw') } } } },
  'search is-automated filter warns': { args: ['search', '-f', 'is-automated=true', 'busybox'] },
  'search with a bad filter': { args: ['search', '-f', 'nonsense', 'busybox'] },
  'pull: default tag, registry credentials': { args: ['pull', '127.0.0.1:5000/hcli/bb'], config: ALICE },
  'pull finds credentials saved under a URL by older clients': { args: ['pull', '-q', '127.0.0.1:5000/hcli/bb:two'], config: { auths: { 'https://127.0.0.1:5000/v1/': { auth: b64('old:pw') } } } },
  'pull -q prints only the reference': { args: ['pull', '-q', '127.0.0.1:5000/hcli/bb:two'] },
  'pull -a': { args: ['pull', '-a', '127.0.0.1:5000/hcli/bb'] },
  'pull -a with a tag': { args: ['pull', '-a', '127.0.0.1:5000/hcli/bb:x'] },
  'pull by digest': { args: ['pull', `127.0.0.1:5000/hcli/bb@sha256:${'d'.repeat(64)}`] },
  'pull --platform is lowercased': { args: ['pull', '--platform', 'Linux/ARM64', '127.0.0.1:5000/hcli/bb:two'] },
  'pull takes the platform from DOCKER_DEFAULT_PLATFORM': { args: ['pull', '127.0.0.1:5000/hcli/bb:two'], env: { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' } },
  'pull --platform wins over DOCKER_DEFAULT_PLATFORM': { args: ['pull', '--platform', 'linux/s390x', '127.0.0.1:5000/hcli/bb:two'], env: { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' } },
  'pull from Docker Hub uses the Hub key': { args: ['pull', 'busybox'], config: { auths: { [HUB]: { auth: b64('bob:pw') }, 'docker.io': { auth: b64('x:y') } } } },
  'pull: daemon 404': { args: ['pull', '127.0.0.1:5000/hcli/missing:1'] },
  'pull: in-band error': { args: ['pull', '127.0.0.1:5000/hcli/denied'] },
  'pull: uppercase repository': { args: ['pull', '127.0.0.1:5000/Hcli/bb'] },
  'pull without an argument': { args: ['pull'] },
  "run's implicit pull sends the registry's credentials": { args: ['run', '--rm', '127.0.0.1:5000/hcli/bb'], config: ALICE },
  "run's implicit pull of a Hub image sends the Hub key's": { args: ['run', '--rm', 'busybox'], config: { auths: { [HUB]: { auth: b64('bob:pw') }, 'docker.io': { auth: b64('x:y') } } } },
  'push: default tag, credentials from the helper': { args: ['push', '127.0.0.1:5000/hcli/bb'], config: { credHelpers: { '127.0.0.1:5000': 'test' } } },
  'push with a failing helper sends what the file holds': { args: ['push', '-q', '127.0.0.1:5000/hcli/bb:two'], config: { credsStore: 'boom', auths: { '127.0.0.1:5000': {} } } },
  'push -q': { args: ['push', '-q', '127.0.0.1:5000/hcli/bb:two'] },
  'push -a -q prints the name only': { args: ['push', '-a', '-q', '127.0.0.1:5000/hcli/bb'] },
  'push a digest reference': { args: ['push', `127.0.0.1:5000/hcli/bb@sha256:${'d'.repeat(64)}`] },
  'push: in-band error': { args: ['push', '-q', '127.0.0.1:5000/hcli/denied:1'] },
  'push to Docker Hub': { args: ['push', 'someone/app:1'], config: { auths: { [HUB]: { auth: b64('bob:pw') } } } },
};

interface Outcome { result: RunResult; requests: RecordedRequest[]; config: unknown; mode?: number; helperLog: string[] }

let api: RegistryApiDouble;
let root: string;
let bin: string;

before(async () => {
  api = new RegistryApiDouble();
  await api.start();
  root = mkdtempSync('/tmp/wh-regcli-');
  bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'docker-credential-test'), FAKE_HELPER);
  writeFileSync(join(bin, 'docker-credential-boom'), '#!/bin/sh\ncat >/dev/null; echo "boom happened"; exit 3\n');
  chmodSync(join(bin, 'docker-credential-test'), 0o755);
  chmodSync(join(bin, 'docker-credential-boom'), 0o755);
});
after(async () => {
  await api?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Runs one side: a fresh config dir (and helper store) seeded for the case. */
async function runSide(side: 'docker' | 'wharf', name: string, c: Case): Promise<Outcome> {
  const dir = mkdtempSync(join(root, side === 'docker' ? 'd-' : 'w-'));
  const config = join(dir, 'config');
  const store = join(dir, 'store');
  mkdirSync(store, { recursive: true });
  if (c.config !== undefined) {
    mkdirSync(config);
    writeFileSync(join(config, 'config.json'), JSON.stringify(c.config));
  }
  // The "login again" case starts with credentials in the helper, not in the file.
  if (name.startsWith('login again')) writeFileSync(join(store, '127_0_0_1_5000'), '{"ServerURL":"127.0.0.1:5000","Username":"alice","Secret":"secret"}');
  const env = {
    PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: dir, DOCKER_CONFIG: config, FAKE_STORE: store, WHARF_NO_AUTOSTART: '1', DOCKER_CLI_HINTS: 'false', ...c.env,
  };
  const [cmd, args] = side === 'docker' ? [DOCKER, ['-H', api.host, ...c.args]] : [process.execPath, ['--', CLI_JS, '-H', api.host, ...c.args]];
  const result = await runCommand(cmd, args, { env, ...(c.input !== undefined ? { input: c.input } : {}) });
  const read = (p: string): string | undefined => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
  const file = read(join(config, 'config.json'));
  const helperLog = (read(join(store, 'log')) ?? '').split('\n').filter((l) => l !== '');
  // wharf names itself where docker does (usage lines); docker's own texts say "docker" in both.
  const norm = (s: string): string => sortEraseWarnings(s.replaceAll(config, '<CONFIG>')).replaceAll(side === 'wharf' ? 'wharf' : '\0', 'docker');
  const mode = file === undefined ? undefined : statSync(join(config, 'config.json')).mode & 0o777;
  return {
    result: { ...result, stdout: norm(result.stdout), stderr: norm(result.stderr) }, requests: api.take(),
    config: file === undefined ? undefined : JSON.parse(file), ...(mode !== undefined ? { mode } : {}), helperLog,
  };
}

/** docker lists failed erases in Go map order (random): compare them sorted. */
function sortEraseWarnings(s: string): string {
  const head = 'WARNING: could not erase credentials:\n';
  const at = s.indexOf(head);
  if (at < 0) return s;
  const lines = s.slice(at + head.length).split('\n').filter((l) => l !== '').sort();
  return `${s.slice(0, at)}${head}${lines.map((l) => `${l}\n`).join('')}`;
}

/** Docker drops keys it does not know; Wharf keeps them. Compare what both know. */
function known(config: unknown): unknown {
  if (typeof config !== 'object' || config === null) return config;
  const { auths, credsStore, credHelpers } = config as Record<string, unknown>;
  return JSON.parse(JSON.stringify({ auths, credsStore, credHelpers }));
}

/** docker sends the request body with empty fields left out, as Wharf does; compare them the same way. */
function normRequests(rs: RecordedRequest[]): RecordedRequest[] {
  return rs.map((r) => (r.body && typeof r.body === 'object'
    ? { ...r, body: Object.fromEntries(Object.entries(r.body).filter(([, v]) => v !== '')) }
    : r));
}

for (const [name, c] of Object.entries(CASES)) {
  test(`${name}: ${c.args.join(' ')}`, async () => {
    const docker = await runSide('docker', name, c);
    const wharf = await runSide('wharf', name, c);
    assert.equal(wharf.result.stderr, docker.result.stderr, 'stderr');
    assert.equal(wharf.result.stdout, docker.result.stdout, 'stdout');
    assert.equal(wharf.result.code, docker.result.code, 'exit status');
    assert.deepEqual(normRequests(wharf.requests), normRequests(docker.requests), 'requests');
    assert.deepEqual(known(wharf.config), known(docker.config), 'config file');
    assert.equal(wharf.mode?.toString(8), docker.mode?.toString(8), 'config file mode');
    assert.deepEqual(wharf.helperLog, docker.helperLog, 'credential helper calls');
  });
}

test('the config file keeps keys docker does not know', async () => {
  const c: Case = { args: ['login', '-u', 'alice', '-p', 'secret', '127.0.0.1:5000'], config: { auths: {}, psFormat: 'x', custom: { a: [1] } } };
  const wharf = await runSide('wharf', 'login keeps unknown keys (docker drops them: compared apart)', c);
  assert.equal(wharf.result.code, 0);
  assert.deepEqual(wharf.config, { auths: { '127.0.0.1:5000': { auth: b64('alice:secret') } }, psFormat: 'x', custom: { a: [1] } });
});

/** One side in a terminal: `steps` are [prompt to wait for, text to type]. */
async function runTty(side: 'docker' | 'wharf', args: string[], steps: Array<[RegExp, string]>, config?: unknown, cols = 80): Promise<{ code: number | null; out: string; config: unknown }> {
  const dir = mkdtempSync(join(root, side === 'docker' ? 'd-' : 'w-'));
  const cfg = join(dir, 'config');
  if (config !== undefined) {
    mkdirSync(cfg);
    writeFileSync(join(cfg, 'config.json'), JSON.stringify(config));
  }
  const env = ['env', `DOCKER_CONFIG=${cfg}`, `HOME=${dir}`, 'WHARF_NO_AUTOSTART=1', 'DOCKER_CLI_HINTS=false'];
  const argv = side === 'docker' ? [...env, DOCKER, '-H', api.host, ...args] : [...env, process.execPath, '--', CLI_JS, '-H', api.host, ...args];
  const s = ptySession(argv, { cols });
  for (const [prompt, text] of steps) {
    await s.waitFor(prompt);
    s.write(text);
  }
  const { code, out } = await s.done;
  let file: unknown;
  try { file = JSON.parse(readFileSync(join(cfg, 'config.json'), 'utf8')); } catch { file = undefined; }
  return { code, out: out.replaceAll(cfg, '<CONFIG>'), config: known(file) };
}

const TTY_CASES: Record<string, { args: string[]; steps: Array<[RegExp, string]>; config?: unknown; cols?: number }> = {
  'login prompts for username and password (no echo)': { args: ['login', '127.0.0.1:5000'], steps: [[/Username: $/, 'alice\r'], [/Password: $/, 'secret\r']] },
  'login after refused stored credentials offers the stored username': {
    args: ['login', '127.0.0.1:5000'], config: { auths: { '127.0.0.1:5000': { auth: b64('alice:old') } } }, steps: [[/Username \(alice\): $/, '\r'], [/Password: $/, 'secret\r']],
  },
  'login -u prompts for the password only': { args: ['login', '-u', 'alice', '127.0.0.1:5000'], steps: [[/Password: $/, 'secret\r']] },
  'login -p on a terminal prompts for the username': { args: ['login', '-p', 'secret', '127.0.0.1:5000'], steps: [[/Username: $/, 'alice\r']] },
  'login -u to Docker Hub: the PAT note, then the password': { args: ['login', '-u', 'alice'], steps: [[/Password: $/, 'secret\r']] },
  'login with an empty username': { args: ['login', '127.0.0.1:5000'], steps: [[/Username: $/, '\r']] },
  'login with an empty password': { args: ['login', '-u', 'alice', '127.0.0.1:5000'], steps: [[/Password: $/, '\r']] },
  'Ctrl-C at the username prompt': { args: ['login', '127.0.0.1:5000'], steps: [[/Username: $/, '\x03']] },
  'Ctrl-C at the password prompt': { args: ['login', '-u', 'alice', '127.0.0.1:5000'], steps: [[/Password: $/, '\x03']] },
  'pull shows progress in place': { args: ['pull', '127.0.0.1:5000/hcli/bb'], steps: [] },
  'push shows progress in place': { args: ['push', '127.0.0.1:5000/hcli/bb:1'], steps: [] },
  'pull on a wide terminal draws the bar': { args: ['pull', '127.0.0.1:5000/hcli/bb'], steps: [], cols: 150 },
};

for (const [name, c] of Object.entries(TTY_CASES)) {
  test(`terminal: ${name}`, async () => {
    const docker = await runTty('docker', c.args, c.steps, c.config, c.cols);
    api.take();
    const wharf = await runTty('wharf', c.args, c.steps, c.config, c.cols);
    api.take();
    assert.equal(JSON.stringify(wharf.out), JSON.stringify(docker.out), 'terminal output');
    assert.equal(wharf.code, docker.code, 'exit status');
    assert.deepEqual(wharf.config, docker.config, 'config file');
  });
}

test('terminal: echo is back on after the password prompt, answered or cancelled', async () => {
  for (const answer of ['secret\r', '\x03']) {
    const dir = mkdtempSync(join(root, 'w-'));
    // sh catches SIGINT (a handler, not an ignore, so wharf gets the default back) and reports the mode.
    const script = `trap : INT; DOCKER_CONFIG=${dir} WHARF_NO_AUTOSTART=1 ${process.execPath} -- ${CLI_JS} -H ${api.host} login -u alice 127.0.0.1:5000; stty -a`;
    const s = ptySession(['sh', '-c', script]);
    await s.waitFor(/Password: $/);
    s.write(answer);
    const { out } = await s.done;
    api.take();
    assert.match(out, /[; ]echo[ ;\r]/, JSON.stringify(out));
    assert.doesNotMatch(out, /-echo[ ;\r]/, JSON.stringify(out));
  }
});
