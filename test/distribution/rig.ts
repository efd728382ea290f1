/**
 * The fixture of the pull suites: a wharf registry (in this process), a fault proxy in front of it,
 * and a wharfd that reaches both. The daemon shares the test's network namespace: the proxy runs in
 * this process, so tests set faults and count requests directly, and these suites run no container.
 */
import { after, before } from 'node:test';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../registry/helpers.js';

export interface Rig {
  d: TestDaemon;
  registry: TestRegistry;
  proxy: FaultProxy;
}

/** Starts the rig before the suite's tests and takes it down after them. */
export function pullRig(o: { env?: NodeJS.ProcessEnv; importBusybox?: boolean } = {}): Rig {
  const rig = {} as Rig;
  before(async () => {
    rig.registry = await startRegistry();
    rig.proxy = await FaultProxy.start(rig.registry.url);
    rig.d = await startDaemon([], { hostNetwork: true, env: o.env });
    if (o.importBusybox) await rig.d.importBusybox();
  });
  after(async () => {
    // A daemon that died mid-suite fails every later test: show why.
    if (rig.d?.proc && (rig.d.proc.exitCode !== null || rig.d.proc.signalCode)) console.error(`wharfd died:\n${rig.d.log.slice(-4000)}`);
    await rig.d?.cleanup();
    await rig.proxy?.close();
    await rig.registry?.close();
  });
  return rig;
}

/** `docker image inspect` of one image, parsed. */
export async function inspect(d: TestDaemon, ref: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await d.docker(['image', 'inspect', ref]);
  if (r.code !== 0) throw new Error(`inspect ${ref}: ${r.stderr}`);
  return JSON.parse(r.stdout)[0];
}
