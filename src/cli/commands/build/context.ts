/**
 * The build context as the docker CLI sends it: the directory as a tar (everything owned by 0:0),
 * without what `.dockerignore` (or `<Dockerfile>.dockerignore`) excludes — the Dockerfile and the
 * ignore file always go, as moby's client keeps them; a Dockerfile outside the directory, or from
 * stdin (`-f -`), goes in as `.dockerfile.<random>`. A context from stdin is sent as it is (a tar,
 * plain or compressed) or, when it is not an archive, taken as the Dockerfile.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { detectArchiveCompression } from '../../../archive/decompress.js';
import { encodeHeader, END_OF_ARCHIVE, padding } from '../../../archive/tar-header.js';
import { packTree } from '../../../archive/tar-pack.js';
import { IgnoreMatcher, parseDockerignore } from '../../../build/dockerignore/index.js';
import { StatusError } from '../../errors.js';

export interface Context {
  tar: Readable;
  /** The Dockerfile's path inside the context, for the `dockerfile` query parameter. */
  dockerfile: string;
}

/** A one-file tar entry (header, data, padding), without the end-of-archive blocks. */
function fileEntry(name: string, data: Buffer): Buffer {
  return Buffer.concat([encodeHeader({ name, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: Math.floor(Date.now() / 1000), size: data.length }), data, padding(data.length)]);
}

/** Where the ignore rules come from: `<Dockerfile>.dockerignore` beside the Dockerfile, else `.dockerignore`. */
async function ignoreRules(dir: string, dockerfileAbs: string): Promise<{ matcher?: IgnoreMatcher; file?: string }> {
  for (const file of [`${dockerfileAbs}.dockerignore`, resolve(dir, '.dockerignore')]) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return { matcher: new IgnoreMatcher(parseDockerignore(text)), file: relative(dir, file) };
  }
  return {};
}

/** The context of directory `dir`; `dockerfile` as given to `-f` (relative to the working directory), `stdinDockerfile` for `-f -`. */
export async function directoryContext(dir: string, dockerfile: string | undefined, stdinDockerfile?: Buffer): Promise<Context> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new StatusError(1, `unable to prepare context: path "${dir}" not found`);
  const abs = stdinDockerfile ? undefined : resolve(dockerfile ? dockerfile : resolve(dir, 'Dockerfile'));
  const inside = abs ? relative(resolve(dir), abs) : undefined;
  const outside = stdinDockerfile !== undefined || (inside !== undefined && (inside === '..' || inside.startsWith(`..${sep}`)));
  if (abs && !(await stat(abs).catch(() => undefined))) throw new StatusError(1, `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${abs}: no such file or directory`);
  const extraName = `.dockerfile.${randomBytes(10).toString('hex')}`;
  const { matcher, file } = await ignoreRules(dir, abs ?? resolve(dir, 'Dockerfile'));
  const keep = new Set([file, outside ? undefined : inside].filter((x): x is string => x !== undefined));
  const tree = packTree(dir, {
    owner: { uid: 0, gid: 0 },
    ...(matcher ? { plan: (n) => (!keep.has(n.rel) && matcher.ignores(n.rel) ? { kind: 'skip' as const } : { kind: 'node' as const }) } : {}),
  });
  if (!outside) return { tar: tree, dockerfile: inside! };
  const data = stdinDockerfile ?? await readFile(abs!);
  // The extra entry goes first; the tree's tar then follows with its own end blocks.
  return { tar: Readable.from((async function* () { yield fileEntry(extraName, data); yield* tree; })()), dockerfile: extraName };
}

/** A context read from stdin: an archive as it is, anything else as the Dockerfile. */
export function stdinContext(data: Buffer, dockerfile = 'Dockerfile'): Context {
  const compressed = detectArchiveCompression(data.subarray(0, 6)) !== 'none';
  const tar = data.length >= 512 && data.subarray(257, 262).toString('latin1') === 'ustar';
  if (compressed || tar) return { tar: Readable.from([data]), dockerfile };
  return { tar: Readable.from([fileEntry('Dockerfile', data), END_OF_ARCHIVE]), dockerfile: 'Dockerfile' };
}
