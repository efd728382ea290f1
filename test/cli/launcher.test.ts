/**
 * bin/wharf: runs the CLI from its startup snapshot when the snapshot is newer than the build and
 * node, from the plain modules otherwise, and keeps node from reading NODE_EXTRA_CA_CERTS at start
 * (except for `registry`). Each case runs a copy of the launcher beside a dist/ made for the case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, WHARF_BIN, CLI_JS, runCommand } from '../helpers/daemon.js';

/** A launcher copy whose dist/ has the real modules and `blob` as its snapshot, with mtime `blobTime`. */
function fakeInstall(blob: string | undefined, blobTime: Date): { bin: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'wharf-launcher-'));
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  copyFileSync(WHARF_BIN, join(root, 'bin/wharf'));
  symlinkSync(join(REPO, 'dist/src'), join(root, 'dist/src'));
  if (blob !== undefined) {
    writeFileSync(join(root, 'dist/cli/wharf.blob'), blob);
    utimesSync(join(root, 'dist/cli/wharf.blob'), blobTime, blobTime);
  }
  return { bin: join(root, 'bin/wharf'), done: () => rmSync(root, { recursive: true, force: true }) };
}

test('the installed launcher answers as the plain modules do', async () => {
  const [viaBin, plain] = await Promise.all([runCommand(WHARF_BIN, ['ps', '--help']), runCommand(process.execPath, [CLI_JS, 'ps', '--help'])]);
  assert.equal(viaBin.code, 0, viaBin.stderr);
  assert.equal(viaBin.stdout, plain.stdout);
  const blob = statSync(join(REPO, 'dist/cli/wharf.blob'), { throwIfNoEntry: false });
  assert.ok(blob && blob.mtimeMs >= statSync(join(REPO, 'dist/src/cli/cli.js')).mtimeMs, 'setup builds the startup snapshot after the modules');
});

test('a snapshot newer than the build is what the launcher runs', async () => {
  const f = fakeInstall('not a snapshot', new Date(Date.now() + 3600_000));
  try {
    const r = await runCommand(f.bin, ['--version']);
    assert.notEqual(r.code, 0, 'the launcher ran the (corrupt) snapshot');
  } finally {
    f.done();
  }
});

test('a snapshot older than the build, or none, falls back to the plain modules', async () => {
  for (const f of [fakeInstall('not a snapshot', new Date(0)), fakeInstall(undefined, new Date())]) {
    try {
      const r = await runCommand(f.bin, ['--version']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Wharf version /);
    } finally {
      f.done();
    }
  }
});

test('node does not read NODE_EXTRA_CA_CERTS for CLI commands, but does for the registry server', async () => {
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/wharf-ca.pem' };
  const cli = await runCommand(WHARF_BIN, ['--version'], { env });
  assert.equal(cli.code, 0);
  assert.doesNotMatch(cli.stderr, /extra certs/i);
  const registry = await runCommand(WHARF_BIN, ['registry', '--help'], { env });
  assert.match(registry.stderr, /Ignoring extra certs from `\/nonexistent\/wharf-ca.pem`/);
});
