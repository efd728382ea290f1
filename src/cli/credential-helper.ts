/**
 * The credential helper protocol (docker-credential-helpers' client): `docker-credential-<name>`
 * found on PATH, run with one action word — `get` (server URL on stdin, JSON
 * `{ServerURL,Username,Secret}` on stdout), `store` (that JSON on stdin), `erase` (server URL on
 * stdin). A failing helper's stdout is its error message; "credentials not found in native
 * keychain" means "nothing stored" and is not an error for `get`. Failures carry docker's wording:
 * `error getting credentials - err: exit status 1, out: `…``.
 */
import { spawn } from 'node:child_process';
import { goHtmlEscape } from './config-file.js';

/** What a helper stores and returns. Username `<token>` marks Secret as an identity token. */
export interface HelperCredentials {
  ServerURL: string;
  Username: string;
  Secret: string;
}

/** The Username under which helpers keep identity tokens. */
export const TOKEN_USERNAME = '<token>';

const NOT_FOUND = 'credentials not found in native keychain';
const MISSING_URL = 'no credentials server URL';
const MISSING_USERNAME = 'no credentials username';

/** A helper that could not be run or that failed; `message` is docker's. */
export class CredentialHelperError extends Error {
  readonly code = 'CREDENTIAL_HELPER_FAILED';
}

/** The outcome of one helper run: exit status (or Go's wording of why it did not run) and stdout. */
interface HelperRun {
  failure?: string;
  out: string;
}

function runHelper(name: string, action: string, input: string, env: NodeJS.ProcessEnv): Promise<HelperRun> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve) => {
    const child = spawn(program, [action], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stdin.on('error', () => undefined); // a helper may exit without reading its input
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? 'executable file not found in $PATH' : e.message;
      resolve({ failure: `exec: "${program}": ${why}`, out: '' });
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ out });
      else resolve({ failure: signal ? `signal: ${signalName(signal)}` : `exit status ${code}`, out });
    });
    child.stdin.end(input);
  });
}

/** Go's os.ProcessState wording for the usual signals. */
function signalName(signal: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault' };
  return names[signal] ?? signal;
}

/** docker's check for the two "invalid credentials" answers, which replace the generic message. */
function invalidCredentials(out: string): CredentialHelperError | undefined {
  if (out.includes(MISSING_URL)) return new CredentialHelperError(MISSING_URL);
  if (out.includes(MISSING_USERNAME)) return new CredentialHelperError(MISSING_USERNAME);
  return undefined;
}

function failed(verb: string, run: HelperRun): CredentialHelperError {
  const out = run.out.trim();
  return invalidCredentials(out) ?? new CredentialHelperError(`error ${verb} credentials - err: ${run.failure}, out: \`${out}\``);
}

/** `get`: the stored credentials for `serverURL`, or undefined when the helper has none. */
export async function helperGet(name: string, serverURL: string, env: NodeJS.ProcessEnv): Promise<HelperCredentials | undefined> {
  const run = await runHelper(name, 'get', serverURL, env);
  if (run.failure !== undefined) {
    if (run.out.trim().includes(NOT_FOUND) && !invalidCredentials(run.out.trim())) return undefined;
    throw failed('getting', run);
  }
  let parsed: Partial<HelperCredentials>;
  try {
    parsed = JSON.parse(run.out) as Partial<HelperCredentials>;
  } catch (e) {
    throw new CredentialHelperError((e as Error).message);
  }
  return { ServerURL: parsed.ServerURL ?? serverURL, Username: parsed.Username ?? '', Secret: parsed.Secret ?? '' };
}

/** `store`: saves `creds` (JSON on stdin, newline-terminated as Go's encoder writes it). */
export async function helperStore(name: string, creds: HelperCredentials, env: NodeJS.ProcessEnv): Promise<void> {
  const body = { ServerURL: creds.ServerURL, Username: creds.Username, Secret: creds.Secret };
  const run = await runHelper(name, 'store', `${goHtmlEscape(JSON.stringify(body))}\n`, env);
  if (run.failure !== undefined) throw failed('storing', run);
}

/** `erase`: removes the credentials of `serverURL`. */
export async function helperErase(name: string, serverURL: string, env: NodeJS.ProcessEnv): Promise<void> {
  const run = await runHelper(name, 'erase', serverURL, env);
  if (run.failure !== undefined) throw failed('erasing', run);
}
