/**
 * The `repositories` file of a legacy archive: {"<repository>": {"<tag>": "<v1 id>"}}. Docker
 * applies `reference.WithTag(ParseNormalizedNamed(repository), tag)`; Docker iterates Go maps, in
 * random order; Wharf sorts by repository, then tag, so the output is stable.
 */
import type { ContentProvider } from '../content/store.js';
import { parseNormalizedNamed, referenceString, isValidTag, InvalidReferenceError } from '../reference/reference.js';
import { InvalidArchiveError, memberBytes, type ArchiveMember } from './archive-read.js';
import { parseGoJson, type GoNode } from './go-json.js';

/** `repositories` may have at most this many bytes. */
export const MAX_REPOSITORIES_JSON = 1024 * 1024;

/** Whether `s` is a v1 layer ID (64 hex; Docker does not check, Wharf does). */
export const isV1Id = (s: string): boolean => /^[a-f0-9]{64}$/.test(s);

/** `[fully qualified tag, v1 id]` pairs, sorted. */
export async function legacyTags(content: ContentProvider, m: ArchiveMember): Promise<Array<[string, string]>> {
  if (m.size > MAX_REPOSITORIES_JSON) throw new InvalidArchiveError(`invalid legacy archive: repositories is larger than ${MAX_REPOSITORIES_JSON} bytes`);
  let root: GoNode;
  try {
    root = parseGoJson((await memberBytes(content, m)).toString('utf8'));
  } catch (e) {
    throw new InvalidArchiveError(`invalid legacy archive: repositories: ${(e as Error).message}`);
  }
  const out = new Map<string, string>();
  for (const { key: repo, value } of objectEntries(root, 'repositories')) {
    for (const { key: tag, value: id } of objectEntries(value, `repositories[${JSON.stringify(repo)}]`)) {
      if (id.kind !== 'string' || !isV1Id(id.value)) throw new InvalidArchiveError(`invalid legacy archive: ${repo}:${tag} points at ${JSON.stringify(id.kind === 'string' ? id.value : id.kind)}, not a 64-hex layer ID`);
      out.set(tagged(repo, tag), id.value);
    }
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function objectEntries(node: GoNode, what: string): Array<{ key: string; value: GoNode }> {
  if (node.kind === 'null') return [];
  if (node.kind !== 'object') throw new InvalidArchiveError(`invalid legacy archive: ${what} is not an object`);
  return node.entries;
}

/** `repo` with `tag` as a fully qualified reference; Docker's error texts for bad ones. */
function tagged(repo: string, tag: string): string {
  let ref;
  try {
    ref = parseNormalizedNamed(repo);
  } catch (e) {
    throw new InvalidArchiveError(e instanceof InvalidReferenceError ? e.message : 'invalid reference format');
  }
  if (ref.digest) throw new InvalidArchiveError(`invalid legacy archive: repository ${JSON.stringify(repo)} has a digest`);
  if (!isValidTag(tag)) throw new InvalidArchiveError('invalid tag format');
  return referenceString({ domain: ref.domain, path: ref.path, tag });
}
