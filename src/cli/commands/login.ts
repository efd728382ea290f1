/**
 * `wharf login [SERVER]`: checks credentials with the daemon (`POST /auth`) and stores them, as
 * docker CLI 28 does. Without -u/-p it first tries the stored credentials ("Authenticating with
 * existing credentials..."), then prompts on a terminal. An identity token in the daemon's answer
 * is stored instead of the password. Docker Hub's web-based device login is not offered: Hub
 * logins use the username/password prompts.
 */
import type { AuthConfig } from '../../client/auth.js';
import { ApiError } from '../../client/errors.js';
import { registryLogin } from '../../client/api/registry.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { HUB_KEY, convertToHostname, type Credentials } from '../credentials.js';
import { StatusError, errorText } from '../errors.js';
import { bool, str, type ParsedFlags } from '../flags/types.js';
import { note } from '../format/note.js';
import { LineReader, PromptCancelled, disableEcho } from '../prompt.js';
import { openCredentials } from './shared/registry-auth.js';

const REGISTER_SUGGEST = "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.";
const PAT_SUGGEST = 'You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/';
const PAT_NOTE = 'A Personal Access Token (PAT) can be used instead.\nTo create a PAT, visit \x1b[4mhttps://app.docker.com/settings\x1b[0m\n\n';

/** What the user gave on the command line (password read from stdin already). */
interface LoginInput {
  user: string;
  password: string;
}

async function readInput(ctx: CliContext, p: ParsedFlags): Promise<LoginInput> {
  if (p.changed.has('username') && str(p, 'username') === '') throw new StatusError(1, 'username is empty');
  if (p.changed.has('password') && str(p, 'password') === '') throw new StatusError(1, 'password is empty');
  const fromStdin = bool(p, 'password-stdin');
  const user = str(p, 'username').trim();
  let password = str(p, 'password');
  if (password !== '' && fromStdin) throw new StatusError(1, 'conflicting options: cannot specify both --password and --password-stdin');
  if (fromStdin && user === '') throw new StatusError(1, 'the --password-stdin option requires --username to be set');
  if (password !== '') ctx.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
  if (fromStdin) password = (await readAll(ctx.io.stdin)).replace(/\n$/, '').replace(/\r$/, '');
  return { user, password };
}

async function readAll(src: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of src) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

/** `POST /auth`; on success stores the credentials (the identity token instead of the password, when given). */
async function authenticate(ctx: CliContext, creds: Credentials, auth: AuthConfig): Promise<string> {
  const res = await registryLogin(await ctx.transport(), auth);
  await save(creds, res.IdentityToken ? { ...auth, password: '', identitytoken: res.IdentityToken } : auth);
  return res.Status ?? '';
}

async function save(creds: Credentials, auth: AuthConfig): Promise<void> {
  try {
    await creds.store(auth);
  } catch (e) {
    throw new StatusError(1, `Error saving credentials: ${errorText(e)}`);
  }
}

/** docker's loginWithStoredCredentials: undefined when the stored credentials were refused. */
async function loginStored(ctx: CliContext, creds: Credentials, auth: AuthConfig): Promise<string | undefined> {
  ctx.err(`Authenticating with existing credentials... [Username: ${auth.username}]\n`);
  ctx.err(`${note("To login with a different account, run 'docker logout' followed by 'docker login'", ctx.io.stderr.isTTY === true)}\n\n`);
  try {
    return await authenticate(ctx, creds, auth);
  } catch (e) {
    if (e instanceof StatusError) throw e;
    ctx.err(e instanceof ApiError && e.status === 401 ? 'Stored credentials invalid or expired\n' : `Login did not succeed, error: ${errorText(e)}\n`);
    await save(creds, auth); // docker stores them again all the same (a no-op for unchanged ones)
    return undefined;
  }
}

/** docker's hints.Enabled: DOCKER_CLI_HINTS, a Go bool, true unless set false. */
function hintsEnabled(env: NodeJS.ProcessEnv): boolean {
  const v = env['DOCKER_CLI_HINTS'];
  return v === undefined || v === '' || !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v);
}

/** docker's PromptUserForCredentials: asks for what the command line did not give. */
async function prompt(ctx: CliContext, input: LoginInput, defaultUser: string, key: string): Promise<AuthConfig> {
  const lines = new LineReader(ctx.io.stdin);
  lines.start();
  try {
    const user = input.user || await promptUser(ctx, lines, defaultUser, key);
    const password = input.password.trim() === '' ? await promptPassword(ctx, lines, key) : input.password;
    return { username: user, password, serveraddress: key };
  } finally {
    lines.close();
  }
}

async function promptUser(ctx: CliContext, lines: LineReader, defaultUser: string, key: string): Promise<string> {
  if (key === HUB_KEY) ctx.out(`${REGISTER_SUGGEST}\n${hintsEnabled(ctx.env) ? `${PAT_SUGGEST}\n\n` : ''}`);
  ctx.out(defaultUser === '' ? 'Username: ' : `Username (${defaultUser}): `);
  const user = (await lines.readLine()) || defaultUser;
  if (user === '') throw new StatusError(1, 'Error: Non-null Username Required');
  return user;
}

async function promptPassword(ctx: CliContext, lines: LineReader, key: string): Promise<string> {
  const restore = disableEcho();
  let password: string;
  try {
    if (key === HUB_KEY) ctx.err(note(PAT_NOTE, ctx.io.stderr.isTTY === true));
    ctx.out('Password: ');
    password = await lines.readLine();
    ctx.out('\n');
  } finally {
    restore();
  }
  if (password === '') throw new StatusError(1, 'Error: Password Required');
  return password;
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const input = await readInput(ctx, p);
  const arg = p.args[0] ?? '';
  const server = arg !== '' && arg !== 'docker.io' ? arg : HUB_KEY;
  const key = server === HUB_KEY ? server : convertToHostname(server);
  const creds = await openCredentials(ctx);
  let stored: AuthConfig = {};
  if (input.user === '' && input.password === '') stored = await creds.get(key).catch(() => ({}));
  let status: string | undefined;
  if (stored.username && stored.password) {
    const { identitytoken: _dropped, ...auth } = stored; // docker sends the password, never a stored token
    status = await loginStored(ctx, creds, { ...auth, serveraddress: key });
  }
  if (status === undefined) {
    if ((input.user === '' || input.password === '') && ctx.io.stdin.isTTY !== true) {
      throw new StatusError(1, 'Error: Cannot perform an interactive login from a non TTY device');
    }
    let auth: AuthConfig;
    try {
      auth = await prompt(ctx, input, stored.username ?? '', key);
    } catch (e) {
      if (!(e instanceof PromptCancelled)) throw e;
      ctx.out('\n'); // Ctrl-C: docker ends the line and the command, with status 0
      return 0;
    }
    status = await authenticate(ctx, creds, auth);
  }
  if (status !== '') ctx.out(`${status}\n`);
  return 0;
}

/** `wharf login`. */
export const command: CommandSpec = {
  name: 'login',
  use: 'login [OPTIONS] [SERVER]',
  short: 'Authenticate to a registry',
  long: 'Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.',
  flags: [
    { long: 'password', short: 'p', type: 'string', usage: 'Password or Personal Access Token (PAT)' },
    { long: 'password-stdin', type: 'bool', usage: 'Take the Password or Personal Access Token (PAT) from stdin' },
    { long: 'username', short: 'u', type: 'string', usage: 'Username' },
  ],
  args: { kind: 'max', n: 1 },
  run,
};
