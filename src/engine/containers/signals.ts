/** Signal names as Docker accepts them ("KILL", "SIGKILL", "9") → numbers. */
import { constants } from 'node:os';
import { InvalidArgumentError } from '../errors.js';

export function signalNumber(sig: string | number): number {
  if (typeof sig === 'number') return sig;
  const s = sig.trim().toUpperCase();
  if (/^\d+$/.test(s)) return Number(s);
  const name = (s.startsWith('SIG') ? s : `SIG${s}`) as keyof typeof constants.signals;
  const n = constants.signals[name];
  if (n === undefined) throw new InvalidArgumentError(`Invalid signal: ${sig}`);
  return n;
}
