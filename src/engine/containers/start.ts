/**
 * Starting a container: its snapshot mounted as the root filesystem, the user and groups resolved
 * inside it, its networks attached (engine/networks/attach.ts), /etc files written (links resolved), host devices looked up, volumes mounted, the OCI spec built (with the init process
 * when the container runs one), then the runtime creates the process and
 * (after the `beforeStart` hook: attach sessions connect there) starts it. A failed start tears
 * down what it made and is recorded in State (ExitCode, Error) as Docker records it; it is not an exit.
 */
import { mkdir } from 'node:fs/promises';
import { buildSpec } from '../../runtime/spec/builder.js';
import { additionalGroups, resolveUser } from '../../runtime/spec/user.js';
import { RuntimeError } from '../../runtime/runtime.js';
import { InternalError, InvalidArgumentError, toEngineError } from '../errors.js';
import type { ContainerDeps } from './deps.js';
import type { ContainerRecord } from './record.js';
import { etcPaths, writeEtcFiles, type EtcInputs } from './etc-files.js';
import { linkEnv, linkHostsEntry, resolveLinks, type ResolvedLink } from './links.js';
import { modeKind } from '../networks/endpoint-config.js';
import { startFailure } from './start-error.js';
import { teardown } from './teardown.js';
import { resolveDevices, type DeviceMapping } from '../../runtime/spec/devices.js';
import { cgroupRules } from '../../runtime/spec/cgroup-rules.js';
import { resolveBlockIO, type BlockIORequest } from '../../runtime/spec/block-io.js';
import { initBinary } from './init.js';
import { announce } from './announce.js';
import { joinedNamespaces } from './namespace-modes.js';
import { mountShareableShm, shmPath } from './shm.js';
import { prepareRunMounts } from './mounts.js';
import type { Attachment, NetnsPlan } from '../networks/attach.js';
import type { NetworkNamespace } from '../../runtime/spec/namespaces.js';

/** Starts `rec` (the caller holds its mutex). Throws the start failure after recording it. */
export async function startContainer(d: ContainerDeps, rec: ContainerRecord, beforeStart: () => void): Promise<void> {
  try {
    const limits = d.logs.policy.limits(rec.HostConfig.LogConfig ?? d.logs.policy.resolve());
    const pid = await createProcess(d, rec);
    beforeStart();
    await d.runtime.start(rec.Id);
    rec.State = { ...rec.State, Status: 'running', Pid: pid, ExitCode: 0, Error: '', StartedAt: new Date().toISOString(), StoppedByUser: false, OOMKilled: false };
    d.health.init(rec);
    await d.store.save(rec);
    announce(d, rec, 'start');
    d.logs.rotator.watch(rec.Id, rec.LogPath, limits);
  } catch (e) {
    await teardown(d, rec.Id);
    const { exitCode, error } = e instanceof RuntimeError ? startFailure(e.message) : { exitCode: 128, error: toEngineError(e) };
    rec.State = { ...rec.State, ExitCode: exitCode, Error: error.message };
    await d.store.save(rec);
    d.events.emit('startfailed', rec.Id, { StatusCode: exitCode, Error: { Message: error.message } });
    throw error;
  }
}

/** The process gets the link variables before its own (moby's CreateDaemonEnvironment); the record keeps its Env as given. */
function withEnv(rec: ContainerRecord, env: string[]): ContainerRecord {
  return { ...rec, Config: { ...rec.Config, Env: [...env, ...(rec.Config.Env ?? [])] } };
}

function etcInputs(rec: ContainerRecord, net: Attachment | undefined, links: ResolvedLink[]): EtcInputs {
  const hc = rec.HostConfig;
  const kind = modeKind(hc.NetworkMode);
  return {
    mode: kind === 'container' ? 'bridge' : kind, hostname: rec.Config.Hostname ?? '', domainname: rec.Config.Domainname ?? '',
    ...(net?.addresses[0] ? { ip: net.addresses[0] } : {}),
    extraHosts: (hc.ExtraHosts ?? []).map((h) => {
      const i = h.indexOf(':');
      const ip = h.slice(i + 1);
      return { name: h.slice(0, i), ip: ip === 'host-gateway' ? net?.hostGateway ?? '' : ip };
    }),
    links: links.map(linkHostsEntry), networkDns: net?.dnsServers ?? [],
    dns: hc.Dns ?? [], dnsSearch: hc.DnsSearch ?? [], dnsOptions: hc.DnsOptions ?? [],
  };
}

function specNetns(p: NetnsPlan): NetworkNamespace {
  return p.kind === 'host' ? 'host' : p.kind === 'path' ? { path: p.path } : undefined;
}

/** Mounts the rootfs, builds the spec and has the runtime create the process; returns its pid. */
async function createProcess(d: ContainerDeps, rec: ContainerRecord): Promise<number> {
  const image = d.images.byId(rec.Image);
  if (!image) throw new InternalError(`image ${rec.Image} of container ${rec.Id} is missing`);
  const join = joinedNamespaces(rec, (id) => d.store.find(id), (donor) => shmPath(d, donor.Id));
  const ownShm = await mountShareableShm(d, rec);
  if (ownShm) join.shm = ownShm;
  const mounts = await d.snapshots.prepare(rec.Id, image.layers.map((l) => l.diffId));
  const rootfs = d.paths.rootfs(rec.Id);
  await mkdir(rootfs, { recursive: true });
  await d.mounter.mountAll(mounts, rootfs);
  const user = await resolveUser(rootfs, rec.Config.User ?? '').catch((e: Error) => {
    throw new InvalidArgumentError(e.message);
  });
  const extra = await additionalGroups(rootfs, rec.HostConfig.GroupAdd ?? []);
  user.additionalGids = [...new Set([...user.additionalGids, ...extra])];
  const net = d.networks ? await d.networks.attach(rec) : undefined;
  const links = modeKind(rec.HostConfig.NetworkMode) === 'bridge' ? resolveLinks(rec, (id) => d.store.find(id)) : [];
  // `container:` mode shares the donor's /etc files, as Docker does.
  const etc = net?.donor ? etcPaths(d.paths.container(net.donor.Id)) : await writeEtcFiles(d.paths.container(rec.Id), etcInputs(rec, net, links));
  const devices = await resolveDevices(rec.HostConfig.Devices as DeviceMapping[] | undefined, { privileged: Boolean(rec.HostConfig.Privileged) });
  devices.rules.push(...cgroupRules(rec.HostConfig.DeviceCgroupRules as string[] | null | undefined));
  const blockIO = await resolveBlockIO(rec.HostConfig as BlockIORequest);
  const init = initBinary(rec, d.init);
  const run = await prepareRunMounts(d, rec);
  const c = rec.Config;
  return d.runtime.create({
    id: rec.Id, name: rec.Name.slice(1), spec: buildSpec({ record: links.length > 0 ? withEnv(rec, links.flatMap(linkEnv)) : rec, rootfs, user, etc, devices, join, blockIO, ...run, ...(init ? { init } : {}), ...(net ? { net: specNetns(net.netns) } : {}) }),
    // No logSizeMax: conmon's own cap drops the file; the rotator keeps old ones (logs/rotate.ts).
    io: { logPath: rec.LogPath, tty: Boolean(c.Tty), openStdin: Boolean(c.OpenStdin), stdinOnce: Boolean(c.StdinOnce) },
  });
}
