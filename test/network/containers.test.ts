/**
 * Containers on networks, for real: runc containers attached by netavark, driven by the real docker
 * CLI 28 against a wharfd that runs in a network namespace this test made (its "host"), so every
 * bridge, veth, rule and port lives there. Expectations are the reference Docker 20.10's answers
 * (its /etc files, inspect shapes, messages and exit codes), with Wharf's documented differences:
 * aardvark-dns on the gateway instead of 127.0.0.11, and no `::` port entries. After the suite the
 * real host's links, named namespaces and iptables are as they were, and the daemon's namespace
 * holds no veth, bridge, netns file or allocated address.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestDaemon, runCommand } from '../helpers/daemon.js';
import { createNetns, removeNetns } from '../../src/network/netns.js';
import { hostSnapshot, type HostSnapshot } from './sandbox.js';

const d = new TestDaemon(mkdtempSync('/tmp/wh-'));
let hostBefore: HostSnapshot;
let policiesBefore = '';

/** The daemon's host: its chain policies and bridge-netfilter setting, which Wharf must never change (Docker does). */
async function globalFirewallState(): Promise<string> {
  const policies = (await d.inNetns(['iptables', '-S'])).stdout.split('\n').filter((l) => l.startsWith('-P ')).join('\n');
  const brnf = await d.inNetns(['sysctl', '-n', 'net.bridge.bridge-nf-call-iptables']);
  return `${policies}\nbridge-nf-call-iptables=${brnf.stdout.trim() || brnf.stderr.trim()}`;
}

before(async () => {
  hostBefore = await hostSnapshot();
  await d.start();
  await d.importBusybox();
  policiesBefore = await globalFirewallState();
});
after(async () => {
  assert.equal(await globalFirewallState(), policiesBefore, 'the FORWARD policy and bridge-nf-call-iptables are as they were');
  await d.cleanup();
  assert.deepEqual(await hostSnapshot(), hostBefore, 'the real host is untouched');
});

async function ok(args: string[]): Promise<string> {
  const r = await d.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const inspect = async (c: string, f: string) => JSON.parse(await ok(['inspect', '-f', `{{json ${f}}}`, c]));

/** Links in the daemon's namespace (its bridges and veths). */
async function daemonLinks(): Promise<string[]> {
  const r = await d.inNetns(['ip', '-o', 'link', 'show']);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split(':')[1]!.trim().replace(/@.*/, '')).sort();
}

/** GETs url from the daemon's namespace with a bounded number of tries (the server may still be starting). */
async function httpGet(url: string, tries = 40): Promise<string> {
  for (let i = 0; i < tries; i++) {
    const r = await d.inNetns(['curl', '-s', '--max-time', '2', url], { timeout: 5000 });
    if (r.code === 0) return r.stdout;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no answer from ${url}`);
}

function allocated(): string[] {
  const dir = join(d.dataRoot, 'networks', 'ipam');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).addresses as string[]);
}

test('the default bridge: an address, /etc files as Docker writes them, NetworkSettings in Docker\'s shape', async () => {
  await ok(['run', '-d', '--name', 'nb1', '--hostname', 'h', '--domainname', 'example.com', '--add-host', 'foo:1.2.3.4', '--add-host', 'gw:host-gateway', 'busybox', 'sleep', '300']);
  const ns = await inspect('nb1', '.NetworkSettings');
  const ep = ns.Networks.bridge;
  assert.match(ep.IPAddress, /^172\.17\.0\.\d+$/);
  assert.equal(ep.Gateway, '172.17.0.1');
  assert.equal(ep.IPPrefixLen, 16);
  assert.equal(ep.MacAddress, `02:42:ac:11:00:${Number(ep.IPAddress.split('.')[3]).toString(16).padStart(2, '0')}`);
  assert.match(ep.EndpointID, /^[0-9a-f]{64}$/);
  assert.equal(ep.NetworkID, (await ok(['network', 'inspect', '-f', '{{.Id}}', 'bridge'])).trim());
  assert.equal(ep.DNSNames, null);
  // The top-level fields mirror the default bridge's endpoint.
  assert.equal(ns.IPAddress, ep.IPAddress);
  assert.equal(ns.EndpointID, ep.EndpointID);
  assert.equal(ns.MacAddress, ep.MacAddress);
  // Every field of the v1.50 NetworkSettings, as the API sends it (the CLI reorders them).
  const raw = (await d.api('GET', '/v1.50/containers/nb1/json')).json().NetworkSettings;
  assert.deepEqual(Object.keys(raw), ['Bridge', 'SandboxID', 'HairpinMode', 'LinkLocalIPv6Address', 'LinkLocalIPv6PrefixLen', 'Ports', 'SandboxKey',
    'SecondaryIPAddresses', 'SecondaryIPv6Addresses', 'EndpointID', 'Gateway', 'GlobalIPv6Address', 'GlobalIPv6PrefixLen', 'IPAddress', 'IPPrefixLen',
    'IPv6Gateway', 'MacAddress', 'Networks']);
  const hosts = await ok(['exec', 'nb1', 'cat', '/etc/hosts']);
  assert.equal(hosts, '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\n'
    + `ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n1.2.3.4\tfoo\n172.17.0.1\tgw\n${ep.IPAddress}\th.example.com h\n`);
  assert.equal(await ok(['exec', 'nb1', 'cat', '/etc/hostname']), 'h\n');
  const addr = await ok(['exec', 'nb1', 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
  assert.match(addr, new RegExp(`inet ${ep.IPAddress.replace(/\./g, '\\.')}/16`));
  // The network lists it while it runs.
  const containers = JSON.parse(await ok(['network', 'inspect', '-f', '{{json .Containers}}', 'bridge']));
  const id = (await ok(['inspect', '-f', '{{.Id}}', 'nb1'])).trim();
  assert.deepEqual(containers[id], { Name: 'nb1', EndpointID: ep.EndpointID, MacAddress: ep.MacAddress, IPv4Address: `${ep.IPAddress}/16`, IPv6Address: '' });
  // Stopped: the endpoint goes, the network stays in the config (as the reference shows it).
  await ok(['stop', '-t', '0', 'nb1']);
  const stopped = await inspect('nb1', '.NetworkSettings');
  assert.deepEqual(stopped.Networks.bridge, { IPAMConfig: null, Links: null, Aliases: null, MacAddress: '', DriverOpts: null, GwPriority: 0, NetworkID: ep.NetworkID,
    EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, DNSNames: null });
  assert.equal(stopped.IPAddress, '');
  assert.deepEqual(JSON.parse(await ok(['network', 'inspect', '-f', '{{json .Containers}}', 'bridge'])), {});
  assert.ok(!allocated().includes(ep.IPAddress), 'the address is released at stop');
  await ok(['rm', 'nb1']);
});

test('--dns, --dns-search and --dns-option on the default bridge: search, nameserver, options', async () => {
  const out = await ok(['run', '--rm', '--dns', '9.9.9.9', '--dns-search', 'x.y', '--dns-option', 'ndots:2', 'busybox', 'cat', '/etc/resolv.conf']);
  assert.equal(out, 'search x.y\nnameserver 9.9.9.9\noptions ndots:2\n');
});

test('a published port answers from the daemon\'s host; port, ps and inspect show it; a taken port is Docker\'s error with nothing half-made', async () => {
  await ok(['run', '-d', '--name', 'web', '-p', '127.0.0.1:18080:80', '--expose', '53/udp', 'busybox', 'sh', '-c', 'echo hello > /tmp/index.html && httpd -f -p 80 -h /tmp']);
  assert.equal(await httpGet('http://127.0.0.1:18080/index.html'), 'hello\n');
  assert.equal(await ok(['port', 'web']), '80/tcp -> 127.0.0.1:18080\n');
  assert.equal((await ok(['ps', '--format', '{{.Ports}}', '-f', 'name=web'])).trim(), '53/udp, 127.0.0.1:18080->80/tcp');
  assert.deepEqual(await inspect('web', '.NetworkSettings.Ports'), { '53/udp': null, '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] });

  const linksBefore = await daemonLinks();
  const taken = await d.docker(['run', '-d', '--name', 'web2', '-p', '127.0.0.1:18080:80', 'busybox', 'httpd', '-f', '-p', '80']);
  assert.equal(taken.code, 125);
  assert.match(taken.stderr, /^docker: Error response from daemon: driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 127\.0\.0\.1:18080 failed: port is already allocated\n/);
  assert.deepEqual([await inspect('web2', '.State.Status'), await inspect('web2', '.State.ExitCode'), await inspect('web2', '.NetworkSettings.Ports')], ['created', 128, {}]);
  assert.deepEqual(await daemonLinks(), linksBefore, 'no veth left by the failed start');
  assert.equal(await httpGet('http://127.0.0.1:18080/index.html'), 'hello\n', 'the first container still answers');
  await ok(['rm', '-f', 'web', 'web2']);
});

test('-P publishes every exposed port on a port of its own, and -p with no host port too', async () => {
  await ok(['run', '-d', '--name', 'pall', '-P', '--expose', '80', '--expose', '81', '-p', '127.0.0.1::82', 'busybox', 'httpd', '-f', '-p', '80']);
  const ports = await inspect('pall', '.NetworkSettings.Ports');
  assert.deepEqual(Object.keys(ports), ['80/tcp', '81/tcp', '82/tcp']);
  const hostPorts = Object.values(ports).map((b: any) => Number(b[0].HostPort));
  assert.equal(new Set(hostPorts).size, 3);
  const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  for (const p of hostPorts) assert.ok(p >= lo! && p <= hi!, `${p} in the ephemeral range`);
  assert.equal(ports['82/tcp'][0].HostIp, '127.0.0.1');
  assert.equal(ports['80/tcp'][0].HostIp, '0.0.0.0');
  // httpd serves / with no index: any answer at all proves the random port reaches the container.
  assert.match(await httpGet(`http://127.0.0.1:${ports['80/tcp'][0].HostPort}/`, 40), /404|Not Found|<HTML>|^$/i);
  await ok(['rm', '-f', 'pall']);
});

test('a user network: names and aliases resolve (one alias on two containers answers both), resolv.conf points at its DNS', async () => {
  await ok(['network', 'create', 'un1']);
  await ok(['run', '-d', '--name', 'ua', '--network', 'un1', '--network-alias', 'svc', '--network-alias', 'a1', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'ub', '--network', 'un1', '--network-alias', 'svc', 'busybox', 'sleep', '300']);
  const ua = await inspect('ua', '.NetworkSettings.Networks.un1');
  const ub = await inspect('ub', '.NetworkSettings.Networks.un1');
  const id = (await ok(['inspect', '-f', '{{.Id}}', 'ua'])).trim();
  assert.deepEqual(ua.Aliases, ['svc', 'a1']);
  assert.deepEqual(ua.DNSNames, ['ua', 'svc', 'a1', id.slice(0, 12)]);
  const resolv = await ok(['exec', 'ua', 'cat', '/etc/resolv.conf']);
  assert.equal(resolv, `nameserver ${ua.Gateway}\noptions ndots:0\n`);
  const ping = await ok(['exec', 'ub', 'ping', '-c', '1', '-W', '2', 'ua']);
  assert.match(ping, new RegExp(`PING ua \\(${ua.IPAddress.replace(/\./g, '\\.')}\\)`));
  await ok(['exec', 'ub', 'ping', '-c', '1', '-W', '2', 'a1']);
  const both = await ok(['exec', 'ua', 'nslookup', '-type=a', 'svc', ua.Gateway]);
  assert.ok(both.includes(ua.IPAddress) && both.includes(ub.IPAddress), both);
  // The default bridge has no names (as in Docker).
  const r = await d.docker(['run', '--rm', 'busybox', 'ping', '-c', '1', '-W', '1', 'ua']);
  assert.notEqual(r.code, 0);
  const rm = await d.docker(['network', 'rm', 'un1']);
  const netId = (await ok(['network', 'inspect', '-f', '{{.Id}}', 'un1'])).trim();
  assert.deepEqual(rm, { code: 1, stdout: '', stderr: `Error response from daemon: error while removing network: network un1 id ${netId} has active endpoints\nexit status 1\n` });
  await ok(['rm', '-f', 'ua', 'ub']);
  await ok(['network', 'rm', 'un1']);
});

test('--ip on a user network with a subnet; --ip and aliases refused where Docker refuses them', async () => {
  await ok(['network', 'create', '--subnet', '10.77.0.0/24', 'un2']);
  await ok(['run', '-d', '--name', 'uip', '--network', 'un2', '--ip', '10.77.0.10', 'busybox', 'sleep', '300']);
  const ep = await inspect('uip', '.NetworkSettings.Networks.un2');
  assert.deepEqual([ep.IPAMConfig, ep.IPAddress, ep.MacAddress], [{ IPv4Address: '10.77.0.10' }, '10.77.0.10', '02:42:0a:4d:00:0a']);
  const dup = await d.docker(['run', '-d', '--name', 'uip2', '--network', 'un2', '--ip', '10.77.0.10', 'busybox', 'sleep', '300']);
  assert.equal(dup.code, 125);
  assert.match(dup.stderr, /Address already in use/);
  const onBridge = await d.docker(['run', '-d', '--ip', '172.17.0.50', 'busybox', 'true']);
  assert.equal(onBridge.code, 125);
  assert.match(onBridge.stderr, /^docker: Error response from daemon: user specified IP address is supported on user defined networks only\n/);
  const none = await d.docker(['run', '-d', '--network', 'nosuch', 'busybox', 'true']);
  assert.equal(none.code, 125);
  assert.match(none.stderr, /^docker: Error response from daemon: network nosuch not found\n/);
  await ok(['rm', '-f', 'uip', 'uip2']);
  await ok(['network', 'rm', 'un2']);
});

test('an internal network has no way out; a normal one reaches the host', async () => {
  // An address on the daemon's host side, outside every container network.
  assert.equal((await d.inNetns(['ip', 'addr', 'add', '10.99.0.1/32', 'dev', 'lo'])).code, 0);
  try {
    await ok(['network', 'create', '--internal', 'uint']);
    const inside = await d.docker(['run', '--rm', '--network', 'uint', 'busybox', 'ping', '-c', '1', '-W', '1', '10.99.0.1']);
    assert.notEqual(inside.code, 0);
    assert.equal((await ok(['run', '--rm', '--network', 'uint', 'busybox', 'ip', 'route'])).includes('default'), false);
    await ok(['run', '--rm', 'busybox', 'ping', '-c', '1', '-W', '2', '10.99.0.1']);
    await ok(['network', 'rm', 'uint']);
  } finally {
    await d.inNetns(['ip', 'addr', 'del', '10.99.0.1/32', 'dev', 'lo']);
  }
});

test('--network none has only lo; host sees the daemon\'s interfaces; container: shares one namespace', async () => {
  assert.equal((await ok(['run', '--rm', '--network', 'none', 'busybox', 'ls', '/sys/class/net'])).trim(), 'lo');
  const created = (await ok(['create', '--network', 'none', 'busybox', 'true'])).trim();
  assert.deepEqual(Object.keys(await inspect(created, '.NetworkSettings.Networks')), ['none']);
  assert.deepEqual([await inspect(created, '.HostsPath'), await inspect(created, '.ResolvConfPath')], ['', ''], 'no /etc files before the first start, as Docker');
  await ok(['run', '-d', '--name', 'donor', 'busybox', 'sleep', '300']);
  const names = (out: string) => out.split('\n').filter(Boolean).map((l) => l.split(':')[1]!.trim().replace(/@.*/, '')).sort();
  const hostIfaces = names((await d.inNetns(['ip', '-o', 'link', 'show'])).stdout);
  const seen = names(await ok(['run', '--rm', '--network', 'host', 'busybox', 'ip', '-o', 'link', 'show']));
  assert.deepEqual(seen, hostIfaces);
  const donorIp = (await inspect('donor', '.NetworkSettings.Networks.bridge')).IPAddress;
  const shared = await ok(['run', '--rm', '--network', 'container:donor', 'busybox', 'sh', '-c', 'ip -4 -o addr show eth0; cat /etc/hostname']);
  assert.match(shared, new RegExp(`inet ${donorIp.replace(/\./g, '\\.')}/16`));
  const donorId = (await ok(['inspect', '-f', '{{.Id}}', 'donor'])).trim();
  assert.ok(shared.endsWith(`${donorId.slice(0, 12)}\n`), 'the donor\'s /etc/hostname');
  await ok(['run', '-d', '--name', 'sharer', '--network', 'container:donor', 'busybox', 'sleep', '300']);
  assert.equal(await inspect('sharer', '.HostsPath'), await inspect('donor', '.HostsPath'), 'the donor\'s files');
  assert.deepEqual(await inspect('sharer', '.NetworkSettings.Networks'), {});
  await ok(['rm', '-f', 'sharer']);
  const conflict = await d.docker(['run', '--rm', '--network', 'container:donor', '--hostname', 'x', 'busybox', 'true']);
  assert.match(conflict.stderr, /conflicting options: hostname and the network mode/);
  await ok(['stop', '-t', '0', 'donor']);
  const stopped = await d.docker(['run', '-d', '--network', 'container:donor', 'busybox', 'true']);
  assert.equal(stopped.code, 125);
  assert.match(stopped.stderr, new RegExp(`cannot join network of a non running container: ${donorId}`));
  await ok(['container', 'prune', '-f']);
});

test('links on the default bridge: /etc/hosts entries and Docker\'s variables', async () => {
  await ok(['run', '-d', '--name', 'ltarget', '-e', 'HELLO=world', '--expose', '80', '--expose', '53/udp', 'busybox', 'sleep', '300']);
  const t = [await inspect('ltarget', '.Id'), await inspect('ltarget', '.NetworkSettings.Networks.bridge.IPAddress')];
  const out = await ok(['run', '--rm', '--name', 'lsrc', '--link', 'ltarget:web', 'busybox', 'sh', '-c', 'grep web /etc/hosts; env | grep ^WEB_ | sort']);
  const ip = t[1];
  assert.equal(out, `${ip}\tweb ${t[0].slice(0, 12)} ltarget\n` + [
    `WEB_ENV_HELLO=world`, `WEB_NAME=/lsrc/web`, `WEB_PORT=udp://${ip}:53`,
    `WEB_PORT_53_UDP=udp://${ip}:53`, `WEB_PORT_53_UDP_ADDR=${ip}`, `WEB_PORT_53_UDP_PORT=53`, `WEB_PORT_53_UDP_PROTO=udp`,
    `WEB_PORT_80_TCP=tcp://${ip}:80`, `WEB_PORT_80_TCP_ADDR=${ip}`, `WEB_PORT_80_TCP_PORT=80`, `WEB_PORT_80_TCP_PROTO=tcp`,
  ].join('\n') + '\n');
  const missing = await d.docker(['run', '--rm', '--link', 'nosuch:x', 'busybox', 'true']);
  assert.equal(missing.code, 125);
  assert.match(missing.stderr, /could not get container for nosuch: No such container: nosuch/);
  await ok(['rm', '-f', 'ltarget']);
});

test('connect and disconnect a running container; Docker\'s refusals', async () => {
  await ok(['network', 'create', 'cn']);
  await ok(['run', '-d', '--name', 'cr', 'busybox', 'sleep', '300']);
  await ok(['run', '-d', '--name', 'cpeer', '--network', 'cn', 'busybox', 'sleep', '300']);
  await ok(['network', 'connect', '--alias', 'joined', 'cn', 'cr']);
  const ep = await inspect('cr', '.NetworkSettings.Networks.cn');
  assert.deepEqual(ep.Aliases, ['joined']);
  assert.match(await ok(['exec', 'cr', 'ip', '-4', '-o', 'addr', 'show', 'eth1']), new RegExp(ep.IPAddress.replace(/\./g, '\\.')));
  await ok(['exec', 'cpeer', 'ping', '-c', '1', '-W', '2', 'joined']);
  assert.deepEqual(await d.docker(['network', 'connect', 'cn', 'cr']), { code: 1, stdout: '', stderr: 'Error response from daemon: endpoint with name cr already exists in network cn\n' });
  assert.deepEqual(await d.docker(['network', 'connect', 'host', 'cr']), { code: 1, stdout: '', stderr: 'Error response from daemon: container cannot be disconnected from host network or connected to host network\n' });
  assert.deepEqual(await d.docker(['network', 'connect', 'cn', 'nosuchctr']), { code: 1, stdout: '', stderr: 'Error response from daemon: No such container: nosuchctr\n' });
  assert.deepEqual(await d.docker(['network', 'connect', 'nosuchnet', 'cr']), { code: 1, stdout: '', stderr: 'Error response from daemon: network nosuchnet not found\n' });
  await ok(['network', 'disconnect', 'cn', 'cr']);
  assert.equal((await ok(['exec', 'cr', 'ls', '/sys/class/net'])).trim().split(/\s+/).sort().join(' '), 'eth0 lo');
  assert.ok(!allocated().includes(ep.IPAddress), 'the address is released');
  const crId = (await ok(['inspect', '-f', '{{.Id}}', 'cr'])).trim();
  assert.deepEqual(await d.docker(['network', 'disconnect', 'cn', 'cr']), { code: 1, stdout: '', stderr: `Error response from daemon: container ${crId} is not connected to network cn\n` });
  // A stopped container is connected in its config and joins at its next start.
  await ok(['stop', '-t', '0', 'cr']);
  await ok(['network', 'connect', 'cn', 'cr']);
  await ok(['start', 'cr']);
  assert.equal((await ok(['exec', 'cr', 'ls', '/sys/class/net'])).trim().split(/\s+/).sort().join(' '), 'eth0 eth1 lo');
  // Disconnected from every network while stopped: it starts with loopback only.
  await ok(['stop', '-t', '0', 'cr']);
  await ok(['network', 'disconnect', 'cn', 'cr']);
  await ok(['network', 'disconnect', 'bridge', 'cr']);
  await ok(['start', 'cr']);
  assert.equal((await ok(['exec', 'cr', 'ls', '/sys/class/net'])).trim(), 'lo');
  await ok(['rm', '-f', 'cr', 'cpeer']);
  await ok(['network', 'rm', 'cn']);
});

test('addresses are never handed out twice across a daemon SIGKILL; a crash leaves nothing behind', async () => {
  await ok(['run', '-d', '--name', 'k1', '-p', '127.0.0.1:18090:80', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/']);
  const ip1 = (await inspect('k1', '.NetworkSettings.Networks.bridge')).IPAddress;
  await ok(['run', '-d', '--name', 'k2', 'busybox', 'sleep', '300']);
  const k2pid = await inspect('k2', '.State.Pid');
  await d.stop('SIGKILL');
  // k2's process ends while the daemon is down: its attachment is undone at the next start.
  process.kill(k2pid, 'SIGKILL');
  await d.start();
  for (let i = 0; i < 100 && (await inspect('k2', '.State.Running')); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await inspect('k2', '.State.Running'), false);
  const k2id = await inspect('k2', '.Id');
  assert.ok(!readdirSync(join(d.execRoot, 'netns')).includes(k2id), 'k2\'s namespace is gone');
  assert.ok(!readdirSync(join(d.execRoot, 'networks')).includes(`${k2id}.json`), 'k2\'s attachment is gone');
  await ok(['run', '-d', '--name', 'k3', 'busybox', 'sleep', '300']);
  const ip3 = (await inspect('k3', '.NetworkSettings.Networks.bridge')).IPAddress;
  assert.notEqual(ip3, ip1);
  assert.equal((await inspect('k1', '.NetworkSettings.Networks.bridge')).IPAddress, ip1, 'k1 keeps its address');
  // k1's port is held again after the restart.
  const taken = await d.docker(['run', '-d', '--name', 'k4', '-p', '127.0.0.1:18090:80', 'busybox', 'true']);
  assert.match(taken.stderr, /port is already allocated/);
  await ok(['rm', '-f', 'k1', 'k2', 'k3', 'k4']);
  assert.deepEqual(allocated(), []);
  assert.deepEqual(readdirSync(join(d.execRoot, 'netns')), []);
  assert.deepEqual(readdirSync(join(d.execRoot, 'networks')), []);
  // The default bridge stays, as docker0 does, kept by one idle veth pair.
  assert.deepEqual(await daemonLinks(), ['lo', 'wharf0', 'wharf0-keep', 'wharf0-keepp']);
});

test('a foreign bridge on the host keeps passing traffic between its own namespaces while Wharf runs containers', async () => {
  const peers = [join(d.root, 'peer-a'), join(d.root, 'peer-b')];
  const run = async (argv: string[], ns?: string) => {
    const r = ns ? await runCommand('nsenter', [`--net=${ns}`, '--', ...argv]) : await d.inNetns(argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  };
  try {
    await run(['ip', 'link', 'add', 'fbr0', 'type', 'bridge']);
    await run(['ip', 'link', 'set', 'fbr0', 'up']);
    for (const [i, ns] of peers.entries()) {
      await createNetns(ns);
      await run(['ip', 'link', 'add', `fv${i}`, 'type', 'veth', 'peer', 'name', `fp${i}`]);
      await run(['ip', 'link', 'set', `fp${i}`, 'netns', ns]);
      await run(['ip', 'link', 'set', `fv${i}`, 'master', 'fbr0', 'up']);
      await run(['ip', 'addr', 'add', `10.98.0.${i + 1}/24`, 'dev', `fp${i}`], ns);
      await run(['ip', 'link', 'set', `fp${i}`, 'up'], ns);
    }
    await run(['busybox', 'ping', '-c', '1', '-W', '2', '10.98.0.2'], peers[0]);
    await ok(['run', '-d', '--name', 'fwhile', '-p', '127.0.0.1:18095:80', 'busybox', 'sleep', '300']);
    await run(['busybox', 'ping', '-c', '1', '-W', '2', '10.98.0.2'], peers[0]);
    await ok(['rm', '-f', 'fwhile']);
    await run(['busybox', 'ping', '-c', '1', '-W', '2', '10.98.0.2'], peers[0]);
  } finally {
    for (const i of [0, 1]) await d.inNetns(['ip', 'link', 'del', `fv${i}`]);
    await d.inNetns(['ip', 'link', 'del', 'fbr0']);
    for (const ns of peers) await removeNetns(ns).catch(() => undefined);
  }
});

test('--mac-address is the interface\'s MAC; -p without an address answers on the host\'s other addresses too; a host port range takes a free port', async () => {
  await ok(['run', '-d', '--name', 'macweb', '--mac-address', '02:42:ac:11:00:99', '-p', '18097:80', '-p', '127.0.0.1:18098-18099:81', 'busybox', 'sh', '-c', 'echo hi > /tmp/i && httpd -f -p 80 -h /tmp']);
  assert.equal(await inspect('macweb', '.NetworkSettings.Networks.bridge.MacAddress'), '02:42:ac:11:00:99');
  assert.match(await ok(['exec', 'macweb', 'cat', '/sys/class/net/eth0/address']), /^02:42:ac:11:00:99$/m);
  // The bridge's gateway is an address of the daemon's host.
  assert.equal(await httpGet('http://172.17.0.1:18097/i'), 'hi\n');
  assert.equal(await httpGet('http://127.0.0.1:18097/i'), 'hi\n');
  assert.deepEqual(await inspect('macweb', '.NetworkSettings.Ports'), { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '18097' }], '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '18098' }] });
  await ok(['run', '-d', '--name', 'macweb2', '-p', '127.0.0.1:18098-18099:81', 'busybox', 'sleep', '300']);
  assert.deepEqual(await inspect('macweb2', '.NetworkSettings.Ports'), { '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '18099' }] });
  await ok(['rm', '-f', 'macweb', 'macweb2']);
});
