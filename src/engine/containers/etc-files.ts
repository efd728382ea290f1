/** The /etc/hostname, /etc/hosts and /etc/resolv.conf Wharf writes per container and bind-mounts. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRecord } from './record.js';

export interface EtcPaths { hosts: string; resolvConf: string; hostname: string }

export function etcPaths(containerDir: string): EtcPaths {
  return { hosts: join(containerDir, 'hosts'), resolvConf: join(containerDir, 'resolv.conf'), hostname: join(containerDir, 'hostname') };
}

/** Host nameservers without loopback ones (unreachable from a container), Docker's fallback when none remain. */
export function containerResolvConf(hostText: string, dns: string[] = [], search: string[] = [], options: string[] = []): string {
  const lines = hostText.split('\n');
  const hostNs = lines.filter((l) => /^\s*nameserver\s/.test(l)).map((l) => l.trim().split(/\s+/)[1] ?? '')
    .filter((ip) => ip && !ip.startsWith('127.') && ip !== '::1');
  const ns = dns.length > 0 ? dns : hostNs.length > 0 ? hostNs : ['8.8.8.8', '8.8.4.4'];
  const hostSearch = lines.find((l) => /^\s*search\s/.test(l))?.trim().split(/\s+/).slice(1) ?? [];
  const hostOptions = lines.find((l) => /^\s*options\s/.test(l))?.trim().split(/\s+/).slice(1) ?? [];
  const out = ns.map((n) => `nameserver ${n}`);
  const s = search.length > 0 ? search : hostSearch;
  if (s.length > 0) out.push(`search ${s.join(' ')}`);
  const o = options.length > 0 ? options : hostOptions;
  if (o.length > 0) out.push(`options ${o.join(' ')}`);
  return out.join('\n') + '\n';
}

export function hostsFile(rec: ContainerRecord, ip?: string): string {
  const lines = [
    '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet',
    'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters',
  ];
  for (const extra of rec.HostConfig.ExtraHosts ?? []) {
    const i = extra.indexOf(':');
    if (i > 0) lines.push(`${extra.slice(i + 1)}\t${extra.slice(0, i)}`);
  }
  if (ip) lines.push(`${ip}\t${rec.Config.Hostname}`);
  return lines.join('\n') + '\n';
}

/** `networkDns`: the resolvers of the container's networks (aardvark-dns on user networks), which forward to the host's and --dns. */
export async function writeEtcFiles(containerDir: string, rec: ContainerRecord, ip?: string, networkDns: string[] = []): Promise<EtcPaths> {
  const p = etcPaths(containerDir);
  const host = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  const hc = rec.HostConfig;
  await Promise.all([
    writeFile(p.hostname, `${rec.Config.Hostname}\n`),
    writeFile(p.hosts, hostsFile(rec, ip)),
    writeFile(p.resolvConf, containerResolvConf(host, networkDns.length > 0 ? networkDns : hc.Dns ?? [], hc.DnsSearch ?? [], hc.DnsOptions ?? [])),
  ]);
  return p;
}
