/** The test image's cache lives as long as the test process: nothing is left in the temp dir. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCommand, REPO } from './daemon.js';

test('the busybox rootfs cache is removed when the test process exits', async () => {
  const helper = join(REPO, 'dist/test/helpers/busybox.js');
  const r = await runCommand(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(helper)}); console.log(m.busyboxTar());`]);
  assert.equal(r.code, 0, r.stderr);
  const tar = r.stdout.trim();
  assert.match(tar, /wharf-busybox-[^/]+\/busybox\.tar$/);
  assert.equal(existsSync(dirname(tar)), false);
});
