/**
 * `wharf info`: a Client section, then the Server section built from `GET /info` in the order and
 * wording of docker's prettyPrintServerInfo (lines with empty values left out where docker does).
 */
import type { InfoResponse } from '../../client/api/types.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { compile } from '../format/formatter.js';
import { execute } from '../format/template/exec.js';
import { basicFuncs } from '../format/template/funcs.js';
import { str, type ParsedFlags } from '../flags/types.js';
import { bytesSize } from '../../util/go-units.js';
import { WHARF_VERSION } from '../root.js';
import { FORMAT_FLAG_USAGE_NO_TABLE } from './shared/flags.js';

type Info = InfoResponse;

const v = (x: unknown): string => (x === undefined || x === null ? '' : String(x));
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});

class Lines {
  text = '';
  line(label: string, value?: unknown): void {
    this.text += value === undefined ? `${label}\n` : `${label} ${v(value)}\n`;
  }
  nonEmpty(label: string, value: unknown): void {
    if (v(value) !== '') this.line(label, value);
  }
}

function serverHead(o: Lines, i: Info): void {
  o.line(' Containers:', i['Containers'] ?? 0);
  o.line('  Running:', i['ContainersRunning'] ?? 0);
  o.line('  Paused:', i['ContainersPaused'] ?? 0);
  o.line('  Stopped:', i['ContainersStopped'] ?? 0);
  o.line(' Images:', i['Images'] ?? 0);
  o.nonEmpty(' Server Version:', i['ServerVersion']);
  o.nonEmpty(' Storage Driver:', i['Driver']);
  for (const pair of arr(i['DriverStatus'])) o.text += `  ${v(arr(pair)[0])}: ${v(arr(pair)[1])}\n`;
  o.nonEmpty(' Logging Driver:', i['LoggingDriver']);
  o.nonEmpty(' Cgroup Driver:', i['CgroupDriver']);
  o.nonEmpty(' Cgroup Version:', i['CgroupVersion']);
  const plugins = obj(i['Plugins']);
  o.line(' Plugins:');
  o.line('  Volume:', arr(plugins['Volume']).join(' '));
  o.line('  Network:', arr(plugins['Network']).join(' '));
  if (arr(plugins['Authorization']).length) o.line('  Authorization:', arr(plugins['Authorization']).join(' '));
  o.line('  Log:', arr(plugins['Log']).join(' '));
  o.line(' Swarm:', obj(i['Swarm'])['LocalNodeState'] ?? 'inactive');
}

function serverRuntime(o: Lines, i: Info): void {
  const runtimes = Object.keys(obj(i['Runtimes'])).sort();
  if (runtimes.length > 0) {
    o.line(' Runtimes:', runtimes.join(' '));
    o.line(' Default Runtime:', i['DefaultRuntime']);
  }
  if (i['OSType'] !== 'linux') return;
  o.line(' Init Binary:', i['InitBinary']);
  for (const [name, key] of [['containerd', 'ContainerdCommit'], ['runc', 'RuncCommit'], ['init', 'InitCommit']] as const) {
    o.text += ` ${name} version: ${v(obj(i[key])['ID'])}\n`;
  }
  const secopts = arr(i['SecurityOptions']).map(v);
  if (secopts.length === 0) return;
  o.line(' Security Options:');
  for (const so of secopts) {
    const fields = so.split(',').map((f) => f.split('=') as [string, string?]);
    o.line(`  ${fields.find(([k]) => k === 'name')?.[1] ?? so}`);
    const profile = fields.find(([k]) => k === 'profile')?.[1];
    if (profile !== undefined) o.line('   Profile:', profile);
  }
}

function serverHost(o: Lines, i: Info, debug: boolean): void {
  o.nonEmpty(' Kernel Version:', i['KernelVersion']);
  o.nonEmpty(' Operating System:', i['OperatingSystem']);
  o.nonEmpty(' OSType:', i['OSType']);
  o.nonEmpty(' Architecture:', i['Architecture']);
  o.line(' CPUs:', i['NCPU'] ?? 0);
  o.line(' Total Memory:', bytesSize(Number(i['MemTotal'] ?? 0)));
  o.nonEmpty(' Name:', i['Name']);
  o.nonEmpty(' ID:', i['ID']);
  o.line(' Docker Root Dir:', i['DockerRootDir']);
  o.line(' Debug Mode:', i['Debug'] ?? false);
  if (i['Debug'] === true || debug) {
    o.line('  File Descriptors:', i['NFd']);
    o.line('  Goroutines:', i['NGoroutines']);
    o.line('  System Time:', i['SystemTime']);
    o.line('  EventsListeners:', i['NEventsListener']);
  }
  o.nonEmpty(' HTTP Proxy:', i['HttpProxy']);
  o.nonEmpty(' HTTPS Proxy:', i['HttpsProxy']);
  o.nonEmpty(' No Proxy:', i['NoProxy']);
  const labels = arr(i['Labels']);
  if (labels.length) {
    o.line(' Labels:');
    for (const l of labels) o.line(`  ${v(l)}`);
  }
  o.line(' Experimental:', i['ExperimentalBuild'] ?? false);
}

function serverRegistry(o: Lines, i: Info): void {
  const reg = obj(i['RegistryConfig']);
  const cidrs = arr(reg['InsecureRegistryCIDRs']);
  const indexes = Object.values(obj(reg['IndexConfigs'])).map(obj);
  if (cidrs.length > 0 || indexes.length > 0) {
    o.line(' Insecure Registries:');
    for (const ix of indexes) if (ix['Secure'] === false) o.line(`  ${v(ix['Name'])}`);
    for (const c of cidrs) o.line(`  ${typeof c === 'string' ? c : `${v(obj(c)['IP'])}/${v(obj(c)['Mask'])}`}`);
  }
  const mirrors = arr(reg['Mirrors']);
  if (mirrors.length) {
    o.line(' Registry Mirrors:');
    for (const m of mirrors) o.line(`  ${v(m)}`);
  }
  o.line(' Live Restore Enabled:', i['LiveRestoreEnabled'] ?? false);
  const pools = arr(i['DefaultAddressPools']).map(obj);
  if (pools.length) {
    o.line(' Default Address Pools:');
    for (const p of pools) o.text += `   Base: ${v(p['Base'])}, Size: ${v(p['Size'])}\n`;
  }
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const format = str(p, 'format');
  const client = { Version: WHARF_VERSION, Context: 'default', Debug: ctx.global.debug };
  const clientText = `Client:\n Version:    ${client.Version}\n Context:    default\n Debug Mode: ${client.Debug}\n\nServer:\n`;
  let info: Info;
  try {
    const t = await ctx.transport();
    const { getInfo } = await import('../../client/api/system.js');
    info = await getInfo(t);
  } catch (e) {
    if (!format) ctx.out(clientText);
    throw e;
  }
  if (format) {
    const data = { ...info, ClientInfo: client };
    ctx.out(`${execute(compile(format === 'json' ? '{{json .}}' : format), data, basicFuncs)}\n`);
    return 0;
  }
  const o = new Lines();
  o.text = clientText;
  serverHead(o, info);
  serverRuntime(o, info);
  serverHost(o, info, ctx.global.debug);
  serverRegistry(o, info);
  ctx.out(`${o.text}\n`);
  for (const w of arr(info['Warnings'])) ctx.err(`${v(w)}\n`);
  return 0;
}

/** `wharf info`. */
export const command: CommandSpec = {
  name: 'info',
  use: 'info [OPTIONS]',
  short: 'Display system-wide information',
  aliases: ['system info'],
  flags: [{ long: 'format', short: 'f', type: 'string', usage: FORMAT_FLAG_USAGE_NO_TABLE }],
  args: { kind: 'none' },
  run,
};
