/** Test-suite scaffolding over node:test (kept out of daemon.ts, which the benchmarks import too). */
import { after, before } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { TestDaemon } from './daemon.js';

/** One wharfd for the whole suite: started with busybox:latest imported before its tests, cleaned up after. */
export function suiteDaemon(): TestDaemon {
  const d = new TestDaemon(mkdtempSync('/tmp/wh-'));
  before(async () => {
    await d.start();
    await d.importBusybox();
  });
  after(() => d.cleanup());
  return d;
}
