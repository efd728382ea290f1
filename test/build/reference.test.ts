/**
 * Wharf's builder against Docker 20.10's legacy builder: each fixture under test/build/fixtures is built
 * by the real docker CLI (DOCKER_BUILDKIT=0) against a test wharfd, exactly as `record-reference.ts` built
 * it against the reference Docker, and what comes back (status, error, stream, the image's Config,
 * ContainerConfig, history with empty layers) must equal the recorded reference, apart from the
 * differences listed here, each with its reason.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { RecordingProxy } from './recording-proxy.js';
import { FIXTURES, buildSpecs, fixtureNames, referencePath, type BuildRecord, type ReferenceFile } from './reference-format.js';
import { recordBuild } from './reference-run.js';

/** Where Wharf goes beyond the legacy builder on purpose: the fixture's own expectation instead. */
const BEYOND_DOCKER: Record<string, (got: BuildRecord) => void> = {
  // 20.10 refuses --chmod ("requires BuildKit"); Wharf does what BuildKit does.
  'copy-chmod/default': (got) => {
    assert.equal(got.status, 200);
    assert.equal(got.error, undefined, JSON.stringify(got.error));
    assert.match(got.image?.history[0]?.CreatedBy ?? '', /^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/x\.txt $/);
  },
};

/** Fixtures whose stream is not compared: the legacy builder also builds stages the target does not need; Wharf does not (BuildKit's rule). */
const STAGES_SKIPPED = new Set(['multi-stage']);

const METADATA = /^Step \d+\/\d+ : (MAINTAINER|ENV|LABEL|EXPOSE|ENTRYPOINT|CMD|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ONBUILD|ARG|WORKDIR)\b/i;

/**
 * The stream with the known differences taken out: the legacy builder runs a container even for
 * metadata steps and WORKDIR (" ---> Running in", "Removing intermediate container"), where Wharf writes the config
 * (and makes WORKDIR's directory in a snapshot);
 * the order of a RUN's stdout and stderr lines is a race between two pipes, so each output block is
 * compared as a sorted set, colour codes removed.
 */
function comparable(stream: string[]): string[] {
  const out: string[] = [];
  let meta = false;
  let block: string[] | undefined;
  const flush = () => {
    if (block) out.push(...block.sort());
    block = undefined;
  };
  for (const raw of stream) {
    // Colour codes go, and the dates `ls -l` prints (the fixture files' mtimes are the checkout's).
    const line = raw.replace(/\x1b\[(91|0)m/g, '').replace(/\b[A-Z][a-z]{2} +\d+ \d\d:\d\d\b/g, '<DATE>');
    if (line.startsWith('Step ')) meta = METADATA.test(line);
    if (meta && (line.startsWith(' ---> Running in ') || line.startsWith('Removing intermediate container '))) continue;
    if (block && (line.startsWith(' ---> ') || line.startsWith('Removing intermediate') || line.startsWith('{') || line.startsWith('Step '))) flush();
    if (block) {
      if (line !== '') block.push(line);
      continue;
    }
    out.push(line);
    if (line.startsWith(' ---> Running in ')) block = [];
  }
  flush();
  return out;
}

/**
 * A config with the fields that cannot match taken out: the step container's hostname (Wharf runs none
 * for metadata steps), and the empty Labels map 20.10 leaves in a scratch stage's ContainerConfig where
 * its Config has null (Wharf writes null in both).
 */
function configOf(c: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!c) return c;
  const { Hostname: _h, ...rest } = c;
  const labels = rest.Labels as object | null | undefined;
  return { ...rest, Labels: labels && Object.keys(labels).length > 0 ? labels : null };
}

/**
 * History with the COPY --from checksums masked, for fixtures that copy from a stage or an image: the
 * legacy builder hashes those files by a rule not reproduced here (context sources match byte for byte).
 */
const FROM_CHECKSUMS = new Set(['multi-stage']);
const maskFrom = (createdBy: string) => createdBy.replace(/ COPY (file|dir):[0-9a-f]{64} /, ' COPY $1:<SUM> ');

function check(name: string, want: BuildRecord, got: BuildRecord): void {
  const fixture = name.split('/')[0]!;
  const by = (c: string) => (FROM_CHECKSUMS.has(fixture) ? maskFrom(c) : c);
  assert.equal(got.status, want.status, `status; stream:\n${got.stream.join('\n')}`);
  assert.deepEqual(got.error?.message, want.error?.message);
  assert.equal(got.cliExit, want.cliExit);
  if (!STAGES_SKIPPED.has(fixture)) assert.deepEqual(comparable(got.stream), comparable(want.stream));
  if (!want.image) return;
  assert.ok(got.image, 'an image was built');
  assert.deepEqual(configOf(got.image.Config), configOf(want.image.Config), 'Config');
  assert.deepEqual(configOf(got.image.ContainerConfig), configOf(want.image.ContainerConfig), 'ContainerConfig');
  assert.equal(got.image.Author, want.image.Author);
  assert.equal(got.image.layerCount, want.image.layerCount, 'layers');
  // The base image's tags are each daemon's own (the reference's busybox had another tag besides).
  const ours = (h: typeof want.image.history) => h.map((e) => ({ ...e, CreatedBy: by(e.CreatedBy), Tags: e.Tags?.filter((t) => t.startsWith('wharf-ref-')) ?? null }));
  assert.deepEqual(ours(got.image.history), ours(want.image.history), 'history');
  const strip = (h: ReferenceFile['builds'][string]['image']) => h!.configHistory.map((e) => {
    const { created: _c, ...rest } = e as typeof e & { created?: string };
    return { ...rest, ...(rest.created_by ? { created_by: by(rest.created_by) } : {}) };
  });
  assert.deepEqual(strip(got.image), strip(want.image), 'config history');
}

let daemon: TestDaemon;
let proxy: RecordingProxy;

before(async () => {
  daemon = await startDaemon();
  await daemon.importBusybox();
  proxy = new RecordingProxy(join(daemon.root, 'recorder.sock'), daemon.socket);
  await proxy.start();
});

after(async () => {
  await proxy?.stop();
  await daemon?.cleanup();
});

for (const fixture of fixtureNames()) {
  const ref = JSON.parse(readFileSync(referencePath(fixture), 'utf8')) as ReferenceFile;
  for (const spec of buildSpecs(join(FIXTURES, fixture))) {
    const name = `${fixture}/${spec.name}`;
    test(`${name} builds as Docker 20.10's legacy builder does`, async () => {
      // Each build starts without cached steps, as each reference build did.
      assert.equal((await daemon.api('POST', '/build/prune?all=1')).status, 200);
      const got = await recordBuild(proxy, fixture, spec, daemon.socket);
      const own = BEYOND_DOCKER[name];
      if (own) own(got);
      else check(name, ref.builds[spec.name]!, got);
    });
  }
}
