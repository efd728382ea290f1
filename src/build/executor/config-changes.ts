/**
 * `--change` of `docker commit` and `docker import`: Dockerfile lines applied to a run config with the
 * builder's own parser and metadata steps (moby's BuildFromConfig), so a change means exactly what
 * the instruction means in a build, words expanded against the config's ENV.
 */
import { parseDockerfile } from '../parser/parser.js';
import { parseInstruction } from '../instructions/parse.js';
import { expandInstruction } from '../instructions/expand.js';
import type { ContainerDefaults } from '../../oci/image-config.js';
import type { Instruction } from '../instructions/types.js';
import { ShellLex } from '../shell/lex.js';
import { envMap, type StageState } from './state.js';
import type { StepResult } from './step.js';
import * as meta from './steps/metadata.js';
import { workdirPath } from './steps/arg-workdir.js';

/** The instructions `--change` accepts (Docker's list). */
const CHANGES: { [K in Instruction['kind']]?: (s: StageState, i: Extract<Instruction, { kind: K }>) => StepResult } = {
  cmd: meta.cmd, entrypoint: meta.entrypoint, env: meta.env, expose: meta.expose, healthcheck: meta.healthcheck, label: meta.label,
  onbuild: meta.onbuild, stopsignal: meta.stopsignal, user: meta.user, volume: meta.volume,
  workdir: (s, i) => ({ config: { ...s.config, WorkingDir: workdirPath(s.config.WorkingDir, i.path) }, probeCmd: [] }),
};

/** A change Docker does not take (`run is not a valid change command`). */
export class InvalidChangeError extends Error {
  readonly code = 'INVALID_CHANGE';
}

/** Applies each line in order; throws the parser's errors, or InvalidChangeError. */
export function applyConfigChanges(base: ContainerDefaults, lines: readonly string[]): ContainerDefaults {
  const lex = new ShellLex('\\');
  let state: StageState = { config: structuredClone(base), args: new Map() };
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    const node = parseDockerfile(line).instructions[0]!;
    const apply = CHANGES[parseKind(node.keyword)] as ((s: StageState, i: Instruction) => StepResult) | undefined;
    if (!apply) throw new InvalidChangeError(`${node.keyword.toLowerCase()} is not a valid change command`);
    const env = envMap(state.config.Env);
    const ins = expandInstruction(parseInstruction(node) as Instruction, { word: (w) => lex.processWord(w, env), words: (w) => lex.processWords(w, env) });
    const r = apply(state, ins);
    state = { ...state, config: r.config, ...(r.cmdSet ? { cmdSet: true } : {}) };
  }
  return state.config;
}

function parseKind(keyword: string): Instruction['kind'] {
  return keyword.toLowerCase() as Instruction['kind'];
}
