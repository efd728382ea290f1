/**
 * The instructions that change only the run config: each gives the next config and Docker's
 * legacy history comment (`/bin/sh -c #(nop)  ENV a=b`: the comment is the last word of the probe
 * command, after `#(nop) `, hence the two spaces in `docker history`). Words arrive expanded.
 */
import type {
  CmdInstruction, EntrypointInstruction, EnvInstruction, ExposeInstruction, HealthcheckInstruction, LabelInstruction,
  MaintainerInstruction, OnbuildInstruction, ShellInstruction, StopsignalInstruction, UserInstruction, VolumeInstruction, CommandLine,
} from '../../instructions/types.js';
import type { ContainerDefaults, HealthConfig } from '../../../oci/image-config.js';
import { InstructionError } from '../../instructions/types.js';
import { formatGoDuration } from '../../../protocol/time.js';
import { goList, goQuoteList, goQuoteRune } from '../go-format.js';
import { nopCmd, type StepResult } from '../step.js';
import { setEnv, shellOf, type StageState } from '../state.js';
import { exposedPorts } from './ports.js';

type Meta<I> = (state: StageState, ins: I) => StepResult;

/** A metadata step: the new config and the `#(nop)` comment. */
function meta(state: StageState, config: ContainerDefaults, comment: string): StepResult {
  return { config, probeCmd: nopCmd(shellOf({ ...state, config }), comment) };
}

/** A command line as the config holds it: the exec form as is, the shell form under the stage's SHELL. */
export function commandArgs(state: StageState, c: CommandLine): string[] {
  return c.form === 'exec' ? c.args : [...shellOf(state), c.command];
}

export const env: Meta<EnvInstruction> = (s, ins) => {
  let e = s.config.Env ?? [];
  for (const { key, value } of ins.env) e = setEnv(e, key, value);
  return meta(s, { ...s.config, Env: e }, `ENV ${ins.env.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`);
};

export const label: Meta<LabelInstruction> = (s, ins) => {
  const labels = { ...(s.config.Labels ?? {}) };
  for (const { key, value } of ins.labels) labels[key] = value;
  return meta(s, { ...s.config, Labels: labels }, `LABEL ${ins.labels.map((kv) => `${kv.key}=${kv.value}`).join(' ')}`);
};

export const maintainer: Meta<MaintainerInstruction> = (s, ins) => ({
  ...meta(s, s.config, `MAINTAINER ${ins.maintainer}`), author: ins.maintainer,
});

export const expose: Meta<ExposeInstruction> = (s, ins) => {
  const ports = { ...(s.config.ExposedPorts ?? {}) };
  for (const p of exposedPorts(ins.ports, ins.location.startLine)) ports[p] = {};
  return meta(s, { ...s.config, ExposedPorts: ports }, `EXPOSE ${[...ins.ports].sort().join(' ')}`);
};

export const volume: Meta<VolumeInstruction> = (s, ins) => {
  const volumes = { ...(s.config.Volumes ?? {}) };
  for (const v of ins.volumes) {
    if (v.trim() === '') throw new InstructionError('VOLUME specified can not be an empty string', ins.location.startLine);
    volumes[v.trim()] = {};
  }
  return meta(s, { ...s.config, Volumes: volumes }, `VOLUME ${goList(ins.volumes)}`);
};

export const user: Meta<UserInstruction> = (s, ins) => meta(s, { ...s.config, User: ins.user }, `USER ${ins.user}`);

export const stopsignal: Meta<StopsignalInstruction> = (s, ins) => {
  if (!isSignal(ins.signal)) throw new InstructionError(`Invalid signal: ${ins.signal}`, ins.location.startLine);
  return meta(s, { ...s.config, StopSignal: ins.signal }, `STOPSIGNAL ${ins.signal}`);
};

export const healthcheck: Meta<HealthcheckInstruction> = (s, ins) => {
  const h = ins.health;
  const hc: HealthConfig = {
    Test: h.test, ...(h.interval ? { Interval: h.interval } : {}), ...(h.timeout ? { Timeout: h.timeout } : {}),
    ...(h.startPeriod ? { StartPeriod: h.startPeriod } : {}), ...(h.startInterval ? { StartInterval: h.startInterval } : {}),
    ...(h.retries ? { Retries: h.retries } : {}),
  };
  // Go's `%q` of *HealthConfig (20.10's struct; StartInterval only when set, as newer Docker has it).
  const durations = [h.interval, h.timeout, h.startPeriod, ...(h.startInterval ? [h.startInterval] : [])].map((d) => `"${formatGoDuration(d ?? 0)}"`);
  return meta(s, { ...s.config, Healthcheck: hc }, `HEALTHCHECK &{${goQuoteList(h.test)} ${durations.join(' ')} ${goQuoteRune(h.retries ?? 0)}}`);
};

export const shell: Meta<ShellInstruction> = (s, ins) => {
  const config = { ...s.config, Shell: ins.shell };
  return meta({ ...s, config }, config, `SHELL ${goList(ins.shell)}`);
};

export const onbuild: Meta<OnbuildInstruction> = (s, ins) =>
  meta(s, { ...s.config, OnBuild: [...(s.config.OnBuild ?? []), ins.expression] }, `ONBUILD ${ins.expression}`);

export const cmd: Meta<CmdInstruction> = (s, ins) => {
  const args = commandArgs(s, ins.command);
  return { ...meta(s, { ...s.config, Cmd: args }, `CMD ${goQuoteList(args)}`), cmdSet: true };
};

export const entrypoint: Meta<EntrypointInstruction> = (s, ins) => {
  const args = commandArgs(s, ins.command);
  // An ENTRYPOINT drops the CMD the base image gave, unless this stage set one (Docker's rule).
  const config = { ...s.config, Entrypoint: args, ...(s.cmdSet ? {} : { Cmd: null }) };
  return meta(s, config, `ENTRYPOINT ${goQuoteList(args)}`);
};

const SIGNALS = new Set(['ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ']);

/** Docker's signal.ParseSignal: a number 1–64, a name with or without SIG, or RTMIN+n/RTMAX-n. */
function isSignal(s: string): boolean {
  if (/^\d+$/.test(s)) return Number(s) >= 1 && Number(s) <= 64;
  const name = s.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(name) || /^RTM(IN|AX)([+-]\d+)?$/.test(name);
}
