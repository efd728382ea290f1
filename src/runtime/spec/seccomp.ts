/**
 * The default seccomp filter. Wharf does not ship a profile of its own: it reads the one
 * containers-common installs (Docker's profile format, with per-arch and per-capability rules) and
 * turns it into the OCI form for one container, as moby's seccomp.setupSeccomp does: a rule applies
 * when the container has all its `includes.caps` and none of its `excludes.caps`, and the arch matches.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { arch } from 'node:os';

export const DEFAULT_PROFILE_PATHS = ['/usr/share/containers/seccomp.json', '/etc/containers/seccomp.json'];

interface Filter { caps?: string[]; arches?: string[] }
interface ProfileArg { index: number; value: number; valueTwo?: number; op: string }
interface ProfileSyscall { names: string[]; action: string; args?: ProfileArg[] | null; errnoRet?: number; includes?: Filter; excludes?: Filter }
export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  archMap?: Array<{ architecture: string; subArchitectures?: string[] }>;
  syscalls: ProfileSyscall[];
}

export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  syscalls: Array<{ names: string[]; action: string; errnoRet?: number; args?: ProfileArg[] }>;
}

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };
const SCMP_ARCH: Record<string, string> = {
  amd64: 'SCMP_ARCH_X86_64', arm64: 'SCMP_ARCH_AARCH64', '386': 'SCMP_ARCH_X86', arm: 'SCMP_ARCH_ARM',
  ppc64le: 'SCMP_ARCH_PPC64LE', s390x: 'SCMP_ARCH_S390X',
};

let cached: SeccompProfile | null | undefined;
let kernelConfig: string | undefined;

/**
 * Sub-architectures the running kernel cannot execute at all (per /proc/config.gz): filtering them
 * protects nothing, and each one costs runc several milliseconds of BPF compilation per start.
 * When the config is not readable, nothing is dropped.
 */
export function unsupportedArches(config = readKernelConfig()): Set<string> {
  const out = new Set<string>();
  if (/^# CONFIG_X86_X32_ABI is not set$/m.test(config)) out.add('SCMP_ARCH_X32');
  if (/^# CONFIG_IA32_EMULATION is not set$/m.test(config)) out.add('SCMP_ARCH_X86');
  return out;
}

function readKernelConfig(): string {
  if (kernelConfig !== undefined) return kernelConfig;
  try {
    kernelConfig = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
  } catch {
    kernelConfig = '';
  }
  return kernelConfig;
}

/** The installed default profile, or null when none is installed (containers then run unfiltered). */
export function loadDefaultProfile(paths = DEFAULT_PROFILE_PATHS): SeccompProfile | null {
  if (cached !== undefined) return cached;
  for (const p of paths) {
    try {
      return (cached = JSON.parse(readFileSync(p, 'utf8')) as SeccompProfile);
    } catch { /* next */ }
  }
  return (cached = null);
}

function applies(s: ProfileSyscall, goarch: string, caps: Set<string>): boolean {
  const inc = s.includes ?? {};
  const exc = s.excludes ?? {};
  if (inc.arches?.length && !inc.arches.includes(goarch)) return false;
  if (exc.arches?.length && exc.arches.includes(goarch)) return false;
  if (inc.caps?.length && !inc.caps.every((c) => caps.has(c))) return false;
  if (exc.caps?.length && exc.caps.some((c) => caps.has(c))) return false;
  return true;
}

/** The OCI `linux.seccomp` for a container with capabilities `caps`, on this host's architecture. */
export function toOciSeccomp(profile: SeccompProfile, caps: string[], goarch = GOARCH[arch()] ?? arch(), skipArches = unsupportedArches()): OciSeccomp {
  const scmp = SCMP_ARCH[goarch];
  const entry = profile.archMap?.find((a) => a.architecture === scmp);
  const capSet = new Set(caps);
  const subArches = (entry?.subArchitectures ?? []).filter((a) => !skipArches.has(a));
  return {
    defaultAction: profile.defaultAction,
    ...(profile.defaultErrnoRet !== undefined ? { defaultErrnoRet: profile.defaultErrnoRet } : {}),
    architectures: entry ? [entry.architecture, ...subArches] : scmp ? [scmp] : [],
    syscalls: profile.syscalls.filter((s) => applies(s, goarch, capSet)).map((s) => ({
      names: s.names,
      action: s.action,
      ...(s.errnoRet !== undefined ? { errnoRet: s.errnoRet } : {}),
      ...(s.args && s.args.length > 0 ? { args: s.args } : {}),
    })),
  };
}

/**
 * Docker's `SecurityOpt` `seccomp=…`: "unconfined", or a profile's JSON (the docker CLI reads the file
 * and sends its content). Privileged containers run unfiltered, as in Docker.
 */
export function seccompFor(securityOpt: string[] | null | undefined, privileged: boolean, caps: string[]): OciSeccomp | undefined {
  const opt = (securityOpt ?? []).find((o) => /^seccomp[=:]/.test(o))?.slice('seccomp='.length);
  if (privileged || opt === 'unconfined') return undefined;
  const profile = opt ? parseProfile(opt) : loadDefaultProfile();
  return profile ? toOciSeccomp(profile, caps) : undefined;
}

export class InvalidSeccompProfileError extends Error {
  readonly code = 'INVALID_ARGUMENT';
}

function parseProfile(text: string): SeccompProfile {
  try {
    const p = JSON.parse(text) as SeccompProfile;
    if (typeof p.defaultAction !== 'string' || !Array.isArray(p.syscalls ?? [])) throw new Error('not a profile');
    return { ...p, syscalls: p.syscalls ?? [] };
  } catch (e) {
    throw new InvalidSeccompProfileError(`Decoding seccomp profile failed: ${(e as Error).message}`);
  }
}
