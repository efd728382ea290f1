/**
 * Images cross between wharfd and the other clients through real registries (ours and
 * distribution 2.8.2), in the daemon's network namespace: what `docker push` sends through wharfd
 * skopeo and podman read with the same manifest digest, and what skopeo copies in from an OCI
 * layout (one image, or an index with `--all`) `docker pull` through wharfd keeps in RepoDigests.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { type RunningRegistry, startDockerRegistry, startWharfRegistry } from '../helpers/registries.js';
import { makeImage, writeOciIndexLayout, writeOciLayout } from '../registry/helpers.js';
import { inspect } from './rig.js';

let d: TestDaemon;
let scratch: string;
const registries: Record<'wharf' | 'docker', RunningRegistry> = {} as never;

before(async () => {
  d = await startDaemon();
  await d.importBusybox();
  scratch = await mkdtemp(join(tmpdir(), 'wharf-interop-'));
  registries.wharf = await startWharfRegistry({ netns: d.netns });
  registries.docker = await startDockerRegistry({ netns: d.netns });
});
after(async () => {
  for (const r of Object.values(registries)) await r.stop();
  await d.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

/** skopeo or podman inside the daemon's namespace, where the registries listen. */
function inNs(argv: string[]) {
  return d.inNetns(argv, { timeout: 120_000 });
}

function podman(args: string[]) {
  return inNs(['podman', '--root', join(scratch, 'podman/root'), '--runroot', join(scratch, 'podman/run'), '--storage-driver', 'vfs', ...args]);
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

for (const kind of ['wharf', 'docker'] as const) {
  test(`${kind} registry: an image pushed by wharfd reads the same in skopeo and podman`, async () => {
    const host = registries[kind].host;
    const name = `${host}/interop/bb:1`;
    assert.equal((await d.docker(['tag', 'busybox:latest', name])).code, 0);
    const pushed = await d.docker(['push', name]);
    assert.equal(pushed.code, 0, pushed.stderr);
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)![1]!;

    const info = await inNs(['skopeo', 'inspect', '--tls-verify=false', `docker://${name}`]);
    assert.equal(info.code, 0, info.stderr);
    assert.equal(JSON.parse(info.stdout).Digest, digest);
    // A dir: copy keeps the manifest byte for byte.
    const dir = join(scratch, `copy-${kind}`);
    const copy = await inNs(['skopeo', 'copy', '--src-tls-verify=false', `docker://${name}`, `dir:${dir}`]);
    assert.equal(copy.code, 0, copy.stderr);
    assert.equal(sha(await readFile(join(dir, 'manifest.json'))), digest);

    const pull = await podman(['pull', '--tls-verify=false', name]);
    assert.equal(pull.code, 0, pull.stderr);
    const got = await podman(['image', 'inspect', '--format', '{{.Digest}}', name]);
    assert.equal(got.stdout.trim(), digest, got.stderr);
    assert.equal((await podman(['rmi', name])).code, 0);
  });

  test(`${kind} registry: an OCI layout copied in by skopeo pulls through wharfd with its digest in RepoDigests`, async () => {
    const host = registries[kind].host;
    const img = makeImage({ files: { 'from-oci.txt': `oci ${kind}` } });
    const layout = join(scratch, `layout-${kind}`);
    await writeOciLayout(layout, img, 'v1');
    const copy = await inNs(['skopeo', 'copy', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${host}/from-oci:v1`]);
    assert.equal(copy.code, 0, copy.stderr);
    const pull = await d.docker(['pull', `${host}/from-oci:v1`]);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stdout, new RegExp(`Digest: ${img.digest}`));
    assert.deepEqual((await inspect(d, `${host}/from-oci:v1`)).RepoDigests, [`${host}/from-oci@${img.digest}`]);

    const amd64 = makeImage({ files: { 'arch.txt': 'amd64' } });
    const arm64 = makeImage({ files: { 'arch.txt': 'arm64' } });
    const indexLayout = join(scratch, `index-${kind}`);
    const index = await writeOciIndexLayout(indexLayout, [{ img: amd64, os: 'linux', architecture: 'amd64' }, { img: arm64, os: 'linux', architecture: 'arm64' }], 'multi');
    const all = await inNs(['skopeo', 'copy', '--all', '--dest-tls-verify=false', `oci:${indexLayout}:multi`, `docker://${host}/from-oci:multi`]);
    assert.equal(all.code, 0, all.stderr);
    const multi = await d.docker(['pull', `${host}/from-oci:multi`]);
    assert.equal(multi.code, 0, multi.stderr);
    const got = await inspect(d, `${host}/from-oci:multi`);
    assert.equal(got.Id, sha(amd64.config));
    assert.ok(got.RepoDigests.includes(`${host}/from-oci@${index}`), JSON.stringify(got.RepoDigests));
  });
}
