import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir, decodeAuthField } from './config-file.js';
import { CredentialHelperError } from './credential-helper.js';
import { Credentials, HUB_KEY, convertToHostname, registryKey } from './credentials.js';

const UNENCRYPTED = (path: string): string => `\nWARNING! Your credentials are stored unencrypted in '${path}'.\n`
  + 'Configure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n';

/**
 * A fake `docker-credential-test`: each call appends `<action> <stdin>` to $FAKE_STORE/log; `store`
 * keeps the JSON under a file named for the ServerURL; `get`/`erase` answer "not found" as real
 * helpers do. `docker-credential-boom` fails every call with exit status 3.
 */
const FAKE_HELPER = `#!/bin/sh
d="$FAKE_STORE"; in=$(cat); printf '%s %s\\n' "$1" "$in" >> "$d/log"
key() { printf %s "$1" | tr -c 'a-zA-Z0-9' '_'; }
case "$1" in
get) [ -f "$d/$(key "$in")" ] && cat "$d/$(key "$in")" || { echo "credentials not found in native keychain"; exit 1; } ;;
store) url=$(printf %s "$in" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/'); printf %s "$in" > "$d/$(key "$url")" ;;
erase) [ -f "$d/$(key "$in")" ] && rm "$d/$(key "$in")" || { echo "credentials not found in native keychain"; exit 1; } ;;
esac
`;

interface Fixture { dir: string; bin: string; env: NodeJS.ProcessEnv; warnings: string[]; open(): Promise<Credentials>; log(): Promise<string[]>; file(): Promise<Record<string, unknown>> }

async function fixture(t: { after: (fn: () => Promise<void>) => void }, config?: unknown): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'wharf-creds-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'config');
  const bin = join(root, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'docker-credential-test'), FAKE_HELPER);
  await writeFile(join(bin, 'docker-credential-boom'), '#!/bin/sh\ncat >/dev/null; echo "boom happened"; exit 3\n');
  await chmod(join(bin, 'docker-credential-test'), 0o755);
  await chmod(join(bin, 'docker-credential-boom'), 0o755);
  if (config !== undefined) {
    await mkdir(dir);
    await writeFile(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  const env = { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, FAKE_STORE: root };
  const warnings: string[] = [];
  return {
    dir, bin, env, warnings,
    open: () => Credentials.open(dir, { env, warn: (s) => warnings.push(s) }),
    log: async () => (await readFile(join(root, 'log'), 'utf8').catch(() => '')).split('\n').filter((l) => l !== ''),
    file: async () => JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>,
  };
}

test('configDir: --config, then DOCKER_CONFIG, then ~/.docker', () => {
  assert.equal(configDir('/flag', { DOCKER_CONFIG: '/env', HOME: '/home/u' }), '/flag');
  assert.equal(configDir(undefined, { DOCKER_CONFIG: '/env', HOME: '/home/u' }), '/env');
  assert.equal(configDir('', { HOME: '/home/u' }), '/home/u/.docker');
});

test('registry keys: Docker Hub names map to the index key, others to host[:port]', () => {
  assert.equal(registryKey('docker.io'), HUB_KEY);
  assert.equal(registryKey('index.docker.io'), HUB_KEY);
  assert.equal(registryKey('127.0.0.1:5000'), '127.0.0.1:5000');
  assert.equal(convertToHostname('http://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
  assert.equal(convertToHostname('https://registry.example/v1/'), 'registry.example');
  assert.equal(convertToHostname('registry.example:443/some/path'), 'registry.example:443');
});

test('storing a password writes auths with base64 user:pass, keeping unknown keys, and warns once', async (t) => {
  const f = await fixture(t, { psFormat: 'table {{.ID}}', auths: { 'old.example': { auth: Buffer.from('u:p').toString('base64'), email: 'x@y' } }, plugins: { a: { b: 'c' } } });
  const creds = await f.open();
  await creds.store({ username: 'alice', password: 'secret', serveraddress: '127.0.0.1:5000' });
  const file = await f.file();
  assert.deepEqual(file, {
    psFormat: 'table {{.ID}}',
    auths: { 'old.example': { auth: 'dTpw', email: 'x@y' }, '127.0.0.1:5000': { auth: 'YWxpY2U6c2VjcmV0' } },
    plugins: { a: { b: 'c' } },
  });
  assert.deepEqual(f.warnings, [UNENCRYPTED(join(f.dir, 'config.json'))]);
  await creds.store({ username: 'alice', password: 'other', serveraddress: '127.0.0.1:5001' });
  assert.equal(f.warnings.length, 1, 'the warning is printed once per run');
});

test('a new config file is mode 0600 and tab-indented like docker writes it; the directory is created 0700', async (t) => {
  const f = await fixture(t);
  await (await f.open()).store({ username: 'alice', password: 'secret', serveraddress: '127.0.0.1:5000' });
  assert.equal(await readFile(join(f.dir, 'config.json'), 'utf8'), '{\n\t"auths": {\n\t\t"127.0.0.1:5000": {\n\t\t\t"auth": "YWxpY2U6c2VjcmV0"\n\t\t}\n\t}\n}');
  assert.equal((await stat(f.dir)).mode & 0o777, 0o700);
  assert.equal((await stat(join(f.dir, 'config.json'))).mode & 0o777, 0o600);
});

test('storing the same credentials again leaves the file alone and prints nothing', async (t) => {
  const f = await fixture(t, { auths: { '127.0.0.1:5000': { auth: 'YWxpY2U6c2VjcmV0' } } });
  const before = await stat(join(f.dir, 'config.json'));
  await (await f.open()).store({ username: 'alice', password: 'secret', serveraddress: '127.0.0.1:5000' });
  const after = await stat(join(f.dir, 'config.json'));
  assert.equal(after.ino, before.ino, 'not replaced');
  assert.deepEqual(f.warnings, []);
});

test('an identity token is stored beside the username, without the password and without the warning', async (t) => {
  const f = await fixture(t);
  await (await f.open()).store({ username: 'alice', identitytoken: 'tok<1>', serveraddress: 'reg.example' });
  assert.deepEqual(await f.file(), { auths: { 'reg.example': { auth: Buffer.from('alice:').toString('base64'), identitytoken: 'tok<1>' } } });
  assert.match(await readFile(join(f.dir, 'config.json'), 'utf8'), /tok\\u003c1\\u003e/, "escaped as Go's encoder does");
  assert.deepEqual(f.warnings, []);
  assert.deepEqual(await (await f.open()).get('reg.example'), { username: 'alice', serveraddress: 'reg.example', identitytoken: 'tok<1>' });
});

test('get: the exact key, else an entry whose hostname form matches; {} when none', async (t) => {
  const f = await fixture(t, { auths: { 'https://legacy.example/v1/': { auth: 'YWxpY2U6c2VjcmV0' }, [HUB_KEY]: { auth: Buffer.from('bob:pw').toString('base64') } } });
  const creds = await f.open();
  assert.deepEqual(await creds.get('legacy.example'), { username: 'alice', password: 'secret', serveraddress: 'https://legacy.example/v1/' });
  assert.deepEqual(await creds.get(HUB_KEY), { username: 'bob', password: 'pw', serveraddress: HUB_KEY });
  assert.deepEqual(await creds.get('other.example'), {});
});

test('erase removes the entry and keeps the rest; erasing what is not there does not write', async (t) => {
  const f = await fixture(t, { auths: { a: { auth: 'YWxpY2U6c2VjcmV0' }, b: { auth: 'YWxpY2U6c2VjcmV0' } }, detachKeys: 'ctrl-x' });
  const creds = await f.open();
  await creds.erase('a');
  assert.deepEqual(await f.file(), { auths: { b: { auth: 'YWxpY2U6c2VjcmV0' } }, detachKeys: 'ctrl-x' });
  const before = await stat(join(f.dir, 'config.json'));
  await creds.erase('nope');
  assert.equal((await stat(join(f.dir, 'config.json'))).ino, before.ino);
});

test('a config file that does not parse is warned about in docker\'s words and read as empty', async (t) => {
  const f = await fixture(t, '{bad');
  const creds = await f.open();
  assert.deepEqual(await creds.get('x'), {});
  assert.equal(f.warnings.length, 1);
  assert.ok(f.warnings[0]!.startsWith(`WARNING: Error parsing config file (${join(f.dir, 'config.json')}): `), f.warnings[0]);
  const g = await fixture(t, { auths: { x: { auth: Buffer.from('nocolon').toString('base64') } } });
  await g.open();
  assert.deepEqual(g.warnings, [`WARNING: Error parsing config file (${join(g.dir, 'config.json')}): Invalid auth configuration file\n`]);
});

test("decodeAuthField reports bad base64 where Go's decoder does", () => {
  // Positions from docker CLI 28 ("WARNING: Error parsing config file (…): illegal base64 data at input byte N").
  for (const [text, at] of [['YWxp!x==', 4], ['YWx', 0], ['YWxpY2U6c2VjcmV0=', 16], ['!!!', 0]] as const) {
    assert.throws(() => decodeAuthField(text), { message: `illegal base64 data at input byte ${at}` }, text);
  }
  assert.deepEqual(decodeAuthField('YWxp\nY2U6c2VjcmV0'), { username: 'alice', password: 'secret' }, 'newlines are skipped');
});

test('decodeAuthField trims NULs around the password as docker does', () => {
  assert.deepEqual(decodeAuthField(Buffer.from('u:p\0\0').toString('base64')), { username: 'u', password: 'p' });
  assert.throws(() => decodeAuthField(Buffer.from(':p').toString('base64')), /Invalid auth configuration file/);
});

test('credsStore: store sends the helper docker\'s JSON and leaves an empty marker entry in the file', async (t) => {
  const f = await fixture(t, { credsStore: 'test', other: 1 });
  const creds = await f.open();
  await creds.store({ username: 'alice', password: 'secret', serveraddress: '127.0.0.1:5000' });
  assert.deepEqual(await f.log(), ['store {"ServerURL":"127.0.0.1:5000","Username":"alice","Secret":"secret"}']);
  assert.deepEqual(await f.file(), { credsStore: 'test', other: 1, auths: { '127.0.0.1:5000': {} } });
  assert.deepEqual(f.warnings, [], 'no plaintext warning with a helper');
  assert.deepEqual(await creds.get('127.0.0.1:5000'), { username: 'alice', password: 'secret', serveraddress: '127.0.0.1:5000' });
  assert.equal((await f.log())[1], 'get 127.0.0.1:5000', 'get sends the bare server URL');
});

test('credsStore: an identity token travels as Username <token> (escaped as Go encodes it) and comes back as identitytoken', async (t) => {
  const f = await fixture(t, { credsStore: 'test' });
  const creds = await f.open();
  await creds.store({ username: 'alice', identitytoken: 'tok', serveraddress: 'reg.example' });
  assert.deepEqual(await f.log(), ['store {"ServerURL":"reg.example","Username":"\\u003ctoken\\u003e","Secret":"tok"}']);
  assert.deepEqual(await creds.get('reg.example'), { identitytoken: 'tok', serveraddress: 'reg.example' });
});

test('credsStore: "credentials not found" is no error for get, but is one for erase', async (t) => {
  const f = await fixture(t, { credsStore: 'test' });
  const creds = await f.open();
  assert.deepEqual(await creds.get('nothing.example'), {});
  await assert.rejects(creds.erase('nothing.example'), (e: unknown) => e instanceof CredentialHelperError
    && e.message === 'error erasing credentials - err: exit status 1, out: `credentials not found in native keychain`');
  await creds.store({ username: 'a', password: 'b', serveraddress: 'x.example' });
  await creds.erase('x.example');
  assert.deepEqual(await f.file(), { credsStore: 'test', auths: {} });
  assert.deepEqual((await f.log()).slice(-1), ['erase x.example']);
});

test('credHelpers[key] wins over credsStore for its registry only', async (t) => {
  const f = await fixture(t, { credsStore: 'boom', credHelpers: { 'mine.example': 'test' } });
  const creds = await f.open();
  await creds.store({ username: 'u', password: 'p', serveraddress: 'mine.example' });
  assert.deepEqual(await creds.get('mine.example'), { username: 'u', password: 'p', serveraddress: 'mine.example' });
  await assert.rejects(creds.get('other.example'), { message: 'error getting credentials - err: exit status 3, out: `boom happened`' });
  await assert.rejects(creds.store({ username: 'u', password: 'p', serveraddress: 'other.example' }),
    { message: 'error storing credentials - err: exit status 3, out: `boom happened`' });
});

test('a helper that is not installed fails with Go\'s exec wording', async (t) => {
  const f = await fixture(t, { credsStore: 'nope' });
  await assert.rejects((await f.open()).store({ username: 'u', password: 'p', serveraddress: 'r.example' }),
    { message: 'error storing credentials - err: exec: "docker-credential-nope": executable file not found in $PATH, out: ``' });
});

test('saving keeps the mode of an existing file (docker copies it) and follows a symlinked config file', async (t) => {
  const f = await fixture(t, { auths: {} });
  const file = join(f.dir, 'config.json');
  await chmod(file, 0o640);
  await (await f.open()).store({ username: 'alice', password: 'secret', serveraddress: 'a.example' });
  assert.equal((await stat(file)).mode & 0o777, 0o640);
  const real = join(f.dir, 'real.json');
  await writeFile(real, '{}');
  await rm(file);
  await symlink(real, file);
  await (await f.open()).store({ username: 'alice', password: 'secret', serveraddress: 'b.example' });
  assert.ok((await lstat(file)).isSymbolicLink(), 'the link is kept');
  assert.deepEqual(JSON.parse(await readFile(real, 'utf8')), { auths: { 'b.example': { auth: 'YWxpY2U6c2VjcmV0' } } });
});
