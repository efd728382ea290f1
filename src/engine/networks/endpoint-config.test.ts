import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveNetworking, type NetworkLookup } from './endpoint-config.js';
import { predefinedNetwork } from './predefined.js';
import type { ContainerRecord } from '../containers/record.js';
import type { Network } from '../../network/network.js';

const user: Network = { ...predefinedNetwork('bridge', 'u'.repeat(64), ''), Name: 'un', Options: {}, IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: '10.1.0.0/24', Gateway: '10.1.0.1' }] } };
const nets = [predefinedNetwork('bridge', 'b'.repeat(64), '', [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }]), predefinedNetwork('host', 'h'.repeat(64), ''), user];
const donor = { Id: 'd'.repeat(64), Name: '/donor', Config: { Hostname: 'dddddddddddd' } } as ContainerRecord;
const look = (userSubnet = true): NetworkLookup => ({ networks: nets, userSubnet: () => userSubnet, findContainer: (n) => (n === 'donor' ? donor : undefined) });
const req = (hostConfig: Record<string, unknown>, config: Record<string, unknown> = {}, endpoints: Record<string, unknown> = {}) => ({ hostConfig, config, networking: { EndpointsConfig: endpoints } });
const refuses = (r: ReturnType<typeof req>, message: string, l = look()) => assert.throws(() => resolveNetworking(r, '/c', l), { message });

// Messages: the reference Docker 20.10's (daemon side).
test('the default mode joins the default bridge; a user network keeps the requested aliases and address', () => {
  assert.deepEqual(Object.keys(resolveNetworking(req({ NetworkMode: 'default' }), '/c', look()).settings.Networks), ['bridge']);
  const r = resolveNetworking(req({ NetworkMode: 'un' }, {}, { un: { Aliases: ['a1'], IPAMConfig: { IPv4Address: '10.1.0.9' } } }), '/c', look());
  assert.deepEqual([r.settings.Networks['un']!.Aliases, r.settings.Networks['un']!.IPAMConfig, r.settings.Networks['un']!.NetworkID], [['a1'], { IPv4Address: '10.1.0.9' }, user.Id]);
});

test('Docker\'s refusals at create', () => {
  refuses(req({ NetworkMode: 'default' }, {}, { bridge: { IPAMConfig: { IPv4Address: '172.17.0.9' } } }), 'user specified IP address is supported on user defined networks only');
  refuses(req({ NetworkMode: 'un' }, {}, { un: { IPAMConfig: { IPv4Address: '10.1.0.9' } } }), 'user specified IP address is supported only when connecting to networks with user configured subnets', look(false));
  refuses(req({ NetworkMode: 'default' }, {}, { bridge: { Aliases: ['x'] } }), 'network-scoped alias is supported only for containers in user defined networks');
  refuses(req({ NetworkMode: 'container:donor' }, { Hostname: 'x' }), 'conflicting options: hostname and the network mode');
  refuses(req({ NetworkMode: 'container:donor', PortBindings: { '80/tcp': [{}] } }), 'conflicting options: port publishing and the container type network mode');
  refuses(req({ NetworkMode: 'container:donor', Dns: ['1.1.1.1'] }), 'conflicting options: dns and the network mode');
  refuses(req({ NetworkMode: 'host', Links: ['donor:x'] }), "conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  refuses(req({ NetworkMode: 'default', Links: ['nosuch:x'] }), 'could not get container for nosuch: No such container: nosuch');
  refuses(req({ NetworkMode: 'default', PortBindings: { '80/tcp': [{ HostPort: '99999' }] } }), 'invalid port specification: "99999"');
  // Not done yet, so refused rather than stored and ignored.
  refuses(req({ NetworkMode: 'un', Links: ['donor:db'] }), 'links on user-defined networks (--link with --network <name>) are not supported by Wharf yet');
  refuses(req({ NetworkMode: 'un' }, {}, { un: { Links: ['donor:db'] } }), 'links on user-defined networks (--link with --network <name>) are not supported by Wharf yet');
  refuses(req({ NetworkMode: 'un' }, {}, { un: { IPAMConfig: { IPv6Address: 'fd00::5' } } }), 'IPv6 and link-local endpoint addresses on un (--ip6, --link-local-ip) are not supported by Wharf yet');
  refuses(req({ NetworkMode: 'un' }, {}, { un: { DriverOpts: { a: 'b' } } }), 'network endpoint driver options for un (--network driver-opt) are not supported by Wharf yet');
});

test('container: stores the donor\'s full ID and hostname; links are stored as Docker stores them; host takes the host\'s name', () => {
  const c = resolveNetworking(req({ NetworkMode: 'container:donor' }), '/c', look());
  assert.deepEqual([c.networkMode, c.hostname, c.settings.Networks], [`container:${donor.Id}`, 'dddddddddddd', {}]);
  assert.deepEqual(resolveNetworking(req({ NetworkMode: 'default', Links: ['donor:db', 'donor'] }), '/c', look()).links, ['/donor:/c/db', '/donor:/c/donor']);
  assert.ok(resolveNetworking(req({ NetworkMode: 'host' }), '/c', look()).hostname);
  // An unknown network fails the start, not the create (as 20.10).
  assert.deepEqual(Object.keys(resolveNetworking(req({ NetworkMode: 'nosuch' }), '/c', look()).settings.Networks), ['nosuch']);
});
