/**
 * The NetworkDriver on netavark. The options already have netavark's shape (see ../driver.ts), so a
 * call is one netavark run; this adds the checks netavark would make too late or not at all, and
 * reads its answer into typed statuses.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { DriverCallOptions, NetworkDriver, NetworkSetupOptions, NetworkStatus, PortMapping } from '../driver.js';
import { NetavarkError } from './errors.js';
import { NetavarkRunner, type NetavarkRunnerConfig } from './runner.js';
import { KeyedMutex } from '../../util/keyed-mutex.js';

export class NetavarkDriver implements NetworkDriver {
  readonly runner: NetavarkRunner;
  /**
   * One netavark at a time: 1.4 takes no lock of its own, and two runs that create the same
   * iptables chains at once fail ("Chain already exists"), as podman's lock around it avoids.
   */
  readonly #serial = new KeyedMutex();

  constructor(config: NetavarkRunnerConfig) {
    this.runner = new NetavarkRunner(config);
  }

  /**
   * Makes the interfaces, routes, firewall rules and DNS entries of every network in `opts`.
   * netavark 1.4 leaves what it made when a later step fails (the veth, the bridge, the network's
   * rules), so a failed or killed setup is torn down again here before the error is thrown. Call it
   * once per namespace and network set: a second setup fails, and its rollback detaches the first.
   */
  async setup(netnsPath: string, opts: NetworkSetupOptions, call: DriverCallOptions = {}): Promise<Record<string, NetworkStatus>> {
    checkOptions(opts);
    return this.#serial.run('', () => this.#setup(netnsPath, opts, call));
  }

  async #setup(netnsPath: string, opts: NetworkSetupOptions, call: DriverCallOptions): Promise<Record<string, NetworkStatus>> {
    await this.#checkAardvark(opts);
    let out: string;
    try {
      out = await this.runner.run('setup', netnsPath, opts, call.signal);
    } catch (e) {
      if (e instanceof NetavarkError && e.code !== 'SPAWN') await this.#rollback(netnsPath, opts, e);
      throw e;
    }
    return parseStatus(out);
  }

  // netavark 1.4 logs a missing aardvark-dns and reports success: the network then has no names.
  async #checkAardvark(opts: NetworkSetupOptions): Promise<void> {
    if (!Object.values(opts.network_info).some((n) => n.dns_enabled)) return;
    const bin = this.runner.config.aardvarkBinary;
    await access(bin, constants.X_OK).catch((e: NodeJS.ErrnoException) => {
      throw new NetavarkError('SPAWN', `cannot run aardvark-dns ${bin}: ${e.code ?? e.message}`);
    });
  }

  // The rollback's own errors name the parts setup never made; they are expected and dropped, but
  // kept on the error for logs. It runs without the caller's signal: an aborted setup is undone too.
  async #rollback(netnsPath: string, opts: NetworkSetupOptions, cause: NetavarkError): Promise<void> {
    try {
      await this.runner.run('teardown', netnsPath, opts);
    } catch (e) {
      if (e instanceof NetavarkError) cause.rollbackErrors = e.errors;
    }
  }

  /** Removes what setup made; given the options setup was given. */
  async teardown(netnsPath: string, opts: NetworkSetupOptions, call: DriverCallOptions = {}): Promise<void> {
    checkOptions(opts);
    await this.#serial.run('', () => this.runner.run('teardown', netnsPath, opts, call.signal));
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
  // netavark 1.4 hands host_ip to iptables unchecked, after it has made the bridge and the veth.
  if (pm.host_ip !== '' && isIP(pm.host_ip) === 0) throw new NetavarkError('INVALID', `${what}: host_ip is not an IP address`);
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
