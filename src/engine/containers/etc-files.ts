/**
 * The /etc/hostname, /etc/hosts and /etc/resolv.conf Wharf writes per container and bind-mounts,
 * line for line as Docker 20.10 writes them (asked of it for each network mode). One difference:
 * on user networks Docker's nameserver is its embedded DNS on 127.0.0.11; Wharf's is aardvark-dns
 * on the network's gateway, which forwards to the host's resolvers and `--dns` (as Docker's does).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface EtcPaths { hosts: string; resolvConf: string; hostname: string }

export function etcPaths(containerDir: string): EtcPaths {
  return { hosts: join(containerDir, 'hosts'), resolvConf: join(containerDir, 'resolv.conf'), hostname: join(containerDir, 'hostname') };
}

/** What the files say: from the record and from what the network attachment gave. */
export interface EtcInputs {
  /** `host` copies the host's files; `none` has no address line. */
  mode: 'bridge' | 'user' | 'host' | 'none';
  hostname: string;
  domainname: string;
  /** The container's own address (its first network's). */
  ip?: string;
  /** `--add-host name:ip`, `host-gateway` already replaced by the address. */
  extraHosts: Array<{ name: string; ip: string }>;
  /** `--link`: the target's address and its names (alias, short ID, name). */
  links: Array<{ ip: string; names: string[] }>;
  /** The networks' resolvers (aardvark-dns); empty on the default bridge. */
  networkDns: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
}

const DEFAULT_HOSTS = [
  '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters',
];

export function hostsFile(i: EtcInputs, hostHosts = ''): string {
  if (i.mode === 'host') return hostHosts;
  const lines = [...DEFAULT_HOSTS];
  for (const h of i.extraHosts) lines.push(`${h.ip}\t${h.name}`);
  for (const l of i.links) lines.push(`${l.ip}\t${[...new Set(l.names)].join(' ')}`);
  if (i.ip) {
    // Docker: `h.example.com h` with a domain name; a dotted hostname gets its first label too.
    const short = i.hostname.split('.')[0]!;
    const fqdn = i.domainname ? `${i.hostname}.${i.domainname}` : i.hostname;
    lines.push(`${i.ip}\t${fqdn === short ? short : `${fqdn} ${short}`}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The host's file without loopback nameservers (unreachable from a container; Docker's fallback
 * when none remain), or the networks' resolver; `--dns*` replace their part. Docker writes search,
 * then nameservers, then options when it rewrites the file, and the host's file as it is otherwise.
 */
export function resolvConf(i: EtcInputs, hostText: string): string {
  if (i.mode === 'host') return hostText;
  const lines = hostText.split('\n');
  const hostNs = lines.filter((l) => /^\s*nameserver\s/.test(l)).map((l) => l.trim().split(/\s+/)[1] ?? '')
    .filter((ip) => ip && !ip.startsWith('127.') && ip !== '::1');
  const hostSearch = lines.find((l) => /^\s*search\s/.test(l))?.trim().split(/\s+/).slice(1) ?? [];
  const hostOptions = lines.find((l) => /^\s*options\s/.test(l))?.trim().split(/\s+/).slice(1) ?? [];
  const embedded = i.networkDns.length > 0;
  const ns = embedded ? i.networkDns : i.dns.length > 0 ? i.dns : hostNs.length > 0 ? hostNs : ['8.8.8.8', '8.8.4.4'];
  const search = i.dnsSearch.length > 0 ? i.dnsSearch : hostSearch;
  // With its embedded DNS, Docker sets ndots:0 unless the user gave options.
  const options = i.dnsOptions.length > 0 ? i.dnsOptions : embedded ? ['ndots:0', ...hostOptions.filter((o) => !o.startsWith('ndots:'))] : hostOptions;
  return [
    ...(search.length > 0 ? [`search ${search.join(' ')}`] : []),
    ...ns.map((n) => `nameserver ${n}`),
    ...(options.length > 0 ? [`options ${options.join(' ')}`] : []),
  ].join('\n') + '\n';
}

export async function writeEtcFiles(containerDir: string, i: EtcInputs): Promise<EtcPaths> {
  const p = etcPaths(containerDir);
  const [hostResolv, hostHosts] = await Promise.all([
    readFile('/etc/resolv.conf', 'utf8').catch(() => ''),
    i.mode === 'host' ? readFile('/etc/hosts', 'utf8').catch(() => '') : Promise.resolve(''),
  ]);
  await Promise.all([
    writeFile(p.hostname, `${i.hostname}\n`),
    writeFile(p.hosts, hostsFile(i, hostHosts)),
    writeFile(p.resolvConf, resolvConf(i, hostResolv)),
  ]);
  return p;
}
