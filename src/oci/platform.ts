/** OCI platforms ("linux/amd64/v8"), and the host's own in the Go spelling registries use. */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
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

/** Parses "os/arch[/variant]"; throws with Docker's wording for a malformed one. */
export function parsePlatform(s: string): Platform {
  const parts = s.toLowerCase().split('/');
  const [os, architecture, variant] = parts;
  if (!os || !architecture || parts.length > 3) {
    throw new Error(`"${s}": unknown operating system or architecture: invalid argument`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Whether an image built for `p` runs on `want` (variants match when either side leaves it out). */
export function platformMatches(p: Platform | undefined, want: Platform): boolean {
  if (!p) return false;
  if (p.os !== want.os || p.architecture !== want.architecture) return false;
  return !p.variant || !want.variant || p.variant === want.variant;
}
