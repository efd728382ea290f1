/**
 * A stage's state between steps: the image so far (none before the first step of `FROM scratch`),
 * its run config (Docker's runConfig: what the next image's `config` will be), and the ARGs the stage
 * declared with their values. Steps never change a state: each makes the next one.
 */
import type { Digest } from '../../oci/digest.js';
import type { ContainerDefaults, ImageConfig } from '../../oci/image-config.js';
import type { StepImage } from './worker.js';

/** The default SHELL on Linux. */
export const DEFAULT_SHELL = ['/bin/sh', '-c'];

export interface StageState {
  /** The image of the last step; undefined at the start of `FROM scratch`. */
  readonly image?: StepImage;
  /** The run config the next image gets. */
  readonly config: ContainerDefaults;
  /** ARGs declared in the stage so far, with their values (undefined: declared, no value). */
  readonly args: ReadonlyMap<string, string | undefined>;
  /** MAINTAINER: the image's author. */
  readonly author?: string;
  /** Whether CMD was given in this stage (ENTRYPOINT clears an inherited CMD otherwise, as Docker). */
  readonly cmdSet?: boolean;
}

/** The image config's platform and history fields of the state's image (empty for scratch). */
export function imageBase(s: StageState): Pick<ImageConfig, 'architecture' | 'os' | 'variant' | 'history' | 'rootfs'> {
  const c = s.image?.config;
  return {
    architecture: c?.architecture ?? hostArchitecture(), os: c?.os ?? 'linux', ...(c?.variant ? { variant: c.variant } : {}),
    history: c?.history ?? [], rootfs: { type: 'layers', diff_ids: c?.rootfs.diff_ids ?? [] },
  };
}

/** Node's arch in OCI's words. */
export function hostArchitecture(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[process.arch] ?? process.arch;
}

/** The SHELL of the state (Docker's default when none was set). */
export function shellOf(s: StageState): string[] {
  return s.config.Shell && s.config.Shell.length > 0 ? s.config.Shell : DEFAULT_SHELL;
}

/** ENV of the config as a map (later entries win, as in a process environment). */
export function envMap(env: readonly string[] | null | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of env ?? []) {
    const i = e.indexOf('=');
    if (i < 0) m.set(e, '');
    else m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

/** What words expand against: the stage's ARGs with values, then its ENV (ENV wins, as in BuildKit). */
export function expansionEnv(s: StageState): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of s.args) if (v !== undefined) m.set(k, v);
  for (const [k, v] of envMap(s.config.Env)) m.set(k, v);
  return m;
}

/** Sets (or replaces) `key` in an env list, keeping its place. */
export function setEnv(env: readonly string[] | null | undefined, key: string, value: string): string[] {
  const out = [...(env ?? [])];
  const i = out.findIndex((e) => e === key || e.startsWith(`${key}=`));
  if (i >= 0) out[i] = `${key}=${value}`;
  else out.push(`${key}=${value}`);
  return out;
}

/** The ID of a state's image, or undefined for an empty root. */
export function imageId(s: StageState): Digest | undefined {
  return s.image?.id;
}
