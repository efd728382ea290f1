/**
 * Errors of the shell lexer. Inside, a `LexFailure` carries BuildKit's short reason
 * (`syntax error: bad substitution`, `X: is not allowed to be unset`…); at the edge of one call it
 * becomes a `ShellExpansionError` worded as BuildKit wraps it: `failed to process "<word>": <reason>`.
 */
import { goQuote } from '../../util/go-quote.js';

/** A word that cannot be expanded; `reason` is the part after `failed to process "<word>": `. */
export class ShellExpansionError extends Error {
  readonly code = 'SHELL_EXPANSION';
  constructor(readonly word: string, readonly reason: string) {
    super(`failed to process ${goQuote(word)}: ${reason}`);
    this.name = 'ShellExpansionError';
  }
}

/** Internal: why the word being read failed, before it is wrapped with the word. */
export class LexFailure extends Error {}
