/**
 * The builder's errors in dockerd's words and categories: what is wrong with the Dockerfile, the
 * context or a source is the client's (400, or in-band once the stream has begun); a failed RUN
 * keeps its exit code for `errorDetail.code`.
 */
import { DockerfileSyntaxError } from '../../build/parser/ast.js';
import { InstructionError } from '../../build/instructions/types.js';
import { ShellExpansionError } from '../../build/shell/lex.js';
import { NoImageError } from '../../build/executor/build.js';
import { RunFailedError } from '../../build/executor/steps/run.js';
import { CopyFailedError } from '../../build/executor/steps/copy.js';
import { ContextError } from '../../build/context/receive.js';
import { BuildRunError, EngineError, InvalidArgumentError, toEngineError } from '../errors.js';

/** The error as an EngineError with Docker's message. */
export function buildError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (err instanceof RunFailedError) return new BuildRunError(err.message, err.exitCode);
  // The legacy daemon words a syntax error as "dockerfile parse error line N:" (BuildKit adds "on").
  if (err instanceof DockerfileSyntaxError) return new InvalidArgumentError(err.message.replace('parse error on line', 'parse error line'), { cause: err });
  if (err instanceof InstructionError) return new InvalidArgumentError(err.daemonMessage(), { cause: err });
  if (err instanceof ShellExpansionError || err instanceof NoImageError || err instanceof CopyFailedError || err instanceof ContextError) {
    return new InvalidArgumentError(err.message, { cause: err });
  }
  return toEngineError(err);
}
