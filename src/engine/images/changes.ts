/**
 * `--change` instructions for import and commit (Dockerfile syntax, the subset Docker accepts:
 * CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR), applied to a config.
 */
import type { ContainerDefaults } from '../../oci/image-config.js';
import { InvalidArgumentError } from '../errors.js';
import { parseHealthcheckChange } from './healthcheck-change.js';
import { jsonForm } from '../../build/parser/parser.js';

type Apply = (c: ContainerDefaults, arg: string) => void;

function jsonOrShell(arg: string): string[] {
  const t = arg.trim();
  return jsonForm(t) ?? ['/bin/sh', '-c', t];
}

/** `k=v k2="v 2"` or the legacy `k v` form. */
function keyValues(arg: string, legacySingle: boolean): Array<[string, string]> {
  const t = arg.trim();
  if (legacySingle && !/^[^\s=]+=/.test(t)) {
    const sp = t.search(/\s/);
    return sp < 0 ? [[t, '']] : [[t.slice(0, sp), t.slice(sp).trim()]];
  }
  const out: Array<[string, string]> = [];
  const re = /([^\s=]+)=("((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g;
  for (let m = re.exec(t); m; m = re.exec(t)) out.push([m[1]!, m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? m[5] ?? '')]);
  return out;
}

const APPLIERS: Record<string, Apply> = {
  CMD: (c, a) => { c.Cmd = jsonOrShell(a); },
  ENTRYPOINT: (c, a) => { c.Entrypoint = jsonOrShell(a); },
  ENV: (c, a) => {
    const env = new Map((c.Env ?? []).map((kv) => [kv.split('=')[0]!, kv]));
    for (const [k, v] of keyValues(a, true)) env.set(k, `${k}=${v}`);
    c.Env = [...env.values()];
  },
  EXPOSE: (c, a) => {
    c.ExposedPorts = { ...(c.ExposedPorts ?? {}) };
    for (const p of a.trim().split(/\s+/)) c.ExposedPorts[p.includes('/') ? p : `${p}/tcp`] = {};
  },
  HEALTHCHECK: (c, a) => { c.Healthcheck = parseHealthcheckChange(a); },
  LABEL: (c, a) => { c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(keyValues(a, false)) }; },
  ONBUILD: (c, a) => { c.OnBuild = [...(c.OnBuild ?? []), a.trim()]; },
  STOPSIGNAL: (c, a) => { c.StopSignal = a.trim(); },
  USER: (c, a) => { c.User = a.trim(); },
  VOLUME: (c, a) => {
    c.Volumes = { ...(c.Volumes ?? {}) };
    for (const v of jsonOrShell(a)[0] === '/bin/sh' ? a.trim().split(/\s+/) : jsonOrShell(a)) c.Volumes[v] = {};
  },
  WORKDIR: (c, a) => { c.WorkingDir = a.trim(); },
};

/** Applies each change line in order. Throws Docker's message for an unsupported instruction. */
export function applyChanges(base: ContainerDefaults, changes: string[]): ContainerDefaults {
  const c: ContainerDefaults = structuredClone(base);
  for (const line of changes.map((l) => l.trim()).filter(Boolean)) {
    const sp = line.search(/\s/);
    const word = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const apply = APPLIERS[word];
    if (!apply) throw new InvalidArgumentError(`${word.toLowerCase()} is not a valid change command`);
    apply(c, sp < 0 ? '' : line.slice(sp + 1));
  }
  return c;
}
