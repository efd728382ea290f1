/**
 * The NetworkDriver on netavark. The options already have netavark's shape (see ../driver.ts), so a
 * call is one netavark run; this adds the checks netavark would make too late or not at all, and
 * reads its answer into typed statuses.
 */
import type { DriverCallOptions, NetworkDriver, NetworkSetupOptions, NetworkStatus, PortMapping } from '../driver.js';
import { NetavarkError } from './errors.js';
import { NetavarkRunner, type NetavarkRunnerConfig } from './runner.js';

export class NetavarkDriver implements NetworkDriver {
  readonly runner: NetavarkRunner;

  constructor(config: NetavarkRunnerConfig) {
    this.runner = new NetavarkRunner(config);
  }

  /**
   * Makes the interfaces, routes, firewall rules and DNS entries of every network in `opts`. netavark
   * 1.4 does not promise to undo a setup that failed half-way: on an error, run teardown with the
   * same options (it reports the parts that are missing, which is then expected).
   */
  async setup(netnsPath: string, opts: NetworkSetupOptions, call: DriverCallOptions = {}): Promise<Record<string, NetworkStatus>> {
    checkOptions(opts);
    const out = await this.runner.run('setup', netnsPath, opts, call.signal);
    return parseStatus(out);
  }

  /** Removes what setup made; given the options setup was given. */
  async teardown(netnsPath: string, opts: NetworkSetupOptions, call: DriverCallOptions = {}): Promise<void> {
    checkOptions(opts);
    await this.runner.run('teardown', netnsPath, opts, call.signal);
  }
}

/**
 * What netavark would refuse, or, worse, take half-way: `networks` and `network_info` must name the
 * same networks, and port mappings must be ones netavark 1.4 can write rules for.
 */
function checkOptions(opts: NetworkSetupOptions): void {
  checkNetworks(opts);
  for (const pm of opts.port_mappings ?? []) checkPortMapping(pm);
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function checkPortMapping(pm: PortMapping): void {
  const what = `port mapping ${pm.host_ip ? `${pm.host_ip}:` : ''}${pm.host_port}:${pm.container_port}/${pm.protocol}`;
  if (!PROTOCOLS.has(pm.protocol)) throw new NetavarkError('INVALID', `${what}: protocol must be one of tcp, udp, sctp`);
  const port = (p: number): boolean => Number.isInteger(p) && p >= 1 && p + pm.range - 1 <= 65535;
  if (!Number.isInteger(pm.range) || pm.range < 1 || !port(pm.host_port) || !port(pm.container_port)) {
    throw new NetavarkError('INVALID', `${what}: ports must be 1-65535 and range at least 1, within them (range ${pm.range})`);
  }
}

function checkNetworks(opts: NetworkSetupOptions): void {
  const a = Object.keys(opts.networks).sort();
  const b = Object.keys(opts.network_info).sort();
  const off = [...a.filter((n) => !b.includes(n)), ...b.filter((n) => !a.includes(n))];
  if (off.length > 0) throw new NetavarkError('INVALID', `networks and network_info differ on ${off.join(', ')}`);
  for (const [key, net] of Object.entries(opts.network_info)) {
    if (net.name !== key) throw new NetavarkError('INVALID', `network_info key ${key} holds network ${net.name}`);
  }
}

/** netavark's answer: a status block per network name. */
function parseStatus(out: string): Record<string, NetworkStatus> {
  try {
    const j = JSON.parse(out) as unknown;
    if (j && typeof j === 'object' && !Array.isArray(j)) return j as Record<string, NetworkStatus>;
  } catch {
    // fall through to the error below
  }
  throw new NetavarkError('FAILED', `unreadable setup answer: ${out.slice(0, 200)}`);
}
