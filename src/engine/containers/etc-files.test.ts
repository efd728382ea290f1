import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsFile, resolvConf, type EtcInputs } from './etc-files.js';

const base: EtcInputs = { mode: 'bridge', hostname: 'b0fa965f4c14', domainname: '', extraHosts: [], links: [], networkDns: [], dns: [], dnsSearch: [], dnsOptions: [] };
const DEFAULTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';

// Expectations: the reference Docker 20.10's files (docker exec c cat /etc/hosts /etc/resolv.conf).
test('hosts: defaults, --add-host, links, then the container\'s own line (with its domain name)', () => {
  assert.equal(hostsFile({ ...base, ip: '172.30.255.7', extraHosts: [{ name: 'foo', ip: '1.2.3.4' }, { name: 'bar', ip: '172.30.255.1' }, { name: 'v6', ip: '::1' }] }),
    `${DEFAULTS}1.2.3.4\tfoo\n172.30.255.1\tbar\n::1\tv6\n172.30.255.7\tb0fa965f4c14\n`);
  assert.equal(hostsFile({ ...base, ip: '172.30.255.5', hostname: 'h', domainname: 'example.com' }), `${DEFAULTS}172.30.255.5\th.example.com h\n`);
  assert.equal(hostsFile({ ...base, ip: '172.30.255.6', hostname: 'h.sub.example.org' }), `${DEFAULTS}172.30.255.6\th.sub.example.org h\n`);
  assert.equal(hostsFile({ ...base, ip: '172.30.255.10', hostname: 'f9f45d424692', links: [{ ip: '172.30.255.9', names: ['web', '4d60d0176d61', 'nv-web'] }, { ip: '172.30.255.4', names: ['nv-b', '3910022751d7', 'nv-b'] }] }),
    `${DEFAULTS}172.30.255.9\tweb 4d60d0176d61 nv-web\n172.30.255.4\tnv-b 3910022751d7\n172.30.255.10\tf9f45d424692\n`);
  assert.equal(hostsFile({ ...base, mode: 'none' }), DEFAULTS);
  assert.equal(hostsFile({ ...base, mode: 'host' }, '127.0.0.1 localhost\n127.0.0.1 vm\n'), '127.0.0.1 localhost\n127.0.0.1 vm\n');
});

test('resolv.conf: the host\'s without loopback servers; --dns* as search, nameserver, options; a user network\'s DNS with ndots:0', () => {
  assert.equal(resolvConf(base, 'nameserver 10.255.255.53\n'), 'nameserver 10.255.255.53\n');
  assert.equal(resolvConf(base, 'nameserver 127.0.0.53\n'), 'nameserver 8.8.8.8\nnameserver 8.8.4.4\n');
  assert.equal(resolvConf({ ...base, dns: ['9.9.9.9'], dnsSearch: ['x.y'], dnsOptions: ['ndots:2'] }, 'nameserver 10.255.255.53\n'), 'search x.y\nnameserver 9.9.9.9\noptions ndots:2\n');
  assert.equal(resolvConf({ ...base, mode: 'user', networkDns: ['172.29.0.1'] }, 'nameserver 10.255.255.53\n'), 'nameserver 172.29.0.1\noptions ndots:0\n');
  assert.equal(resolvConf({ ...base, mode: 'user', networkDns: ['172.29.0.1'], dns: ['9.9.9.9'], dnsSearch: ['x.y'], dnsOptions: ['ndots:2'] }, ''), 'search x.y\nnameserver 172.29.0.1\noptions ndots:2\n');
  assert.equal(resolvConf({ ...base, mode: 'host' }, 'nameserver 127.0.0.53\n'), 'nameserver 127.0.0.53\n');
});
