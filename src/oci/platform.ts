/**
 * OCI platforms ("linux/amd64/v2") as containerd's `platforms` package reads and compares them
 * (the rules Docker applies to `--platform`): parse with normalisation (`amd64` → linux/amd64,
 * `aarch64` → arm64, `armhf` → arm/v7), format, and the compatibility a platform accepts (an
 * amd64/v3 host runs v1–v3 and 386 images; arm64 runs arm/v8…v5).
 */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
}

/** A platform specifier that cannot be read; the message is containerd's. */
export class InvalidPlatformError extends Error {
  readonly code = 'INVALID_PLATFORM';
}

const NODE_TO_GOARCH: Record<string, string> = {
  x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64',
};

export function hostPlatform(): Platform {
  return { os: 'linux', architecture: NODE_TO_GOARCH[process.arch] ?? process.arch };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const COMPONENT = /^[A-Za-z0-9_-]+$/;

function normalizeOs(os: string): string {
  const o = os.toLowerCase();
  return o === 'macos' ? 'darwin' : o;
}

/** containerd's normalizeArch: the canonical architecture and variant. */
export function normalizeArch(arch: string, variant = ''): { architecture: string; variant: string } {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386': return { architecture: '386', variant: '' };
    case 'x86_64': case 'x86-64': case 'amd64': return { architecture: 'amd64', variant: v === 'v1' ? '' : v };
    case 'aarch64': case 'arm64': return { architecture: 'arm64', variant: v === '8' || v === 'v8' ? '' : v };
    case 'armhf': return { architecture: 'arm', variant: 'v7' };
    case 'armel': return { architecture: 'arm', variant: 'v6' };
    case 'arm': return { architecture: 'arm', variant: ['', '7'].includes(v) ? 'v7' : /^[5-8]$/.test(v) ? `v${v}` : v };
    default: return { architecture: a, variant: v };
  }
}

function withVariant(os: string, n: { architecture: string; variant: string }): Platform {
  return n.variant ? { os, architecture: n.architecture, variant: n.variant } : { os, architecture: n.architecture };
}

/** How to read a specifier. */
export interface ParseOptions {
  /** The platform a lone OS takes its architecture from (default: this host's). */
  host?: Platform;
  /** The newer grammar (containerd/platforms 1.x, the docker CLI's): an OS may carry `(version)`, with its message. */
  osVersions?: boolean;
}

const OS_AND_VERSION = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$/;

function checkComponent(specifier: string, part: string, osVersions: boolean): void {
  const re = osVersions ? OS_AND_VERSION : COMPONENT;
  if (re.test(part)) return;
  const [what, kind] = osVersions ? ['invalid OS component', 'OSAndVersion specifier'] : ['invalid component', 'platform specifier'];
  throw new InvalidPlatformError(`${JSON.stringify(part)} is an ${what} of ${JSON.stringify(specifier)}: ${kind} component must match ${JSON.stringify(re.source)}: invalid argument`);
}

/**
 * containerd's platforms.Parse (normalised): `os`, `arch`, `os/arch`, `os/arch/variant`; a lone
 * OS takes the host's architecture, a lone architecture Linux.
 */
export function parsePlatform(specifier: string, o: ParseOptions = {}): Platform {
  const host = o.host ?? hostPlatform();
  const invalid = (why: string) => new InvalidPlatformError(`${JSON.stringify(specifier)}${why}: invalid argument`);
  const parts = specifier.split('/');
  parts.forEach((part, i) => checkComponent(specifier, part, i === 0 && o.osVersions === true));
  const [osPart = '', arch = '', variant = ''] = parts;
  const first = osPart.replace(/\(.*\)$/, '');
  if (parts.length === 1) {
    if (KNOWN_OS.has(normalizeOs(first))) return withVariant(normalizeOs(first), { architecture: host.architecture, variant: host.variant ?? '' });
    const n = normalizeArch(first);
    if (KNOWN_ARCH.has(n.architecture)) return withVariant('linux', n);
    throw invalid(': unknown operating system or architecture');
  }
  if (parts.length === 2 || parts.length === 3) {
    const n = normalizeArch(arch, variant);
    // containerd/platforms 1.x (the docker CLI's) keeps arm64's v8 where containerd 1.6 drops it.
    const v8 = o.osVersions && n.architecture === 'arm64' && ['8', 'v8'].includes(variant.toLowerCase());
    return withVariant(normalizeOs(first), v8 ? { ...n, variant: 'v8' } : n);
  }
  throw invalid(': cannot parse platform specifier');
}

/** What a platform accepts, best first (containerd's platformVector). */
function acceptable(p: Platform): Platform[] {
  const out: Platform[] = [p];
  const n = Number((p.variant ?? '').replace(/^v/, ''));
  if (p.architecture === 'amd64') {
    for (let v = Number.isInteger(n) && n > 1 ? n - 1 : 0; v >= 1; v--) out.push({ ...p, variant: v === 1 ? '' : `v${v}` });
    out.push({ os: p.os, architecture: '386' });
  } else if (p.architecture === 'arm') {
    for (let v = Number.isInteger(n) ? n - 1 : 0; v >= 5; v--) out.push({ ...p, variant: `v${v}` });
  } else if (p.architecture === 'arm64') {
    out.push(...acceptable({ os: p.os, architecture: 'arm', variant: p.variant || 'v8' }));
  }
  return out;
}

/** Whether an image built for `image` may be used where `want` is asked for (containerd's platforms.Only). */
export function platformAccepts(want: Platform, image: Platform): boolean {
  const img = withVariant(normalizeOs(image.os), normalizeArch(image.architecture, image.variant));
  return acceptable(want).some((p) => p.os === img.os && p.architecture === img.architecture && (p.variant ?? '') === (img.variant ?? ''));
}
