/**
 * The mode strings of `-v` and `--volumes-from` (`ro,Z`, `rshared`, `nocopy` …), read as moby's linux
 * parser reads them: a comma list with at most one word of each kind (rw/ro, label, propagation, copy,
 * consistency). Labels (z, Z) are kept in the mode and applied nowhere: this host has no SELinux.
 */
const RW = new Set(['rw', 'ro']);
const LABEL = new Set(['z', 'Z']);
/** Mount propagation modes, as the OCI spec and the kernel name them. */
export const PROPAGATION_MODES = new Set(['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared']);
const COPY = new Set(['nocopy']);
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);
const KINDS = [RW, LABEL, PROPAGATION_MODES, COPY, CONSISTENCY];

/** The propagation of binds that do not name one (moby linuxDefaultPropagationMode). */
export const DEFAULT_PROPAGATION = 'rprivate';

const words = (mode: string): string[] => (mode === '' ? [] : mode.split(','));

/** moby's linuxValidMountMode: known words only, one of each kind; "" is valid. */
export function validMode(mode: string): boolean {
  const counts = KINDS.map(() => 0);
  for (const w of words(mode)) {
    const k = KINDS.findIndex((set) => set.has(w));
    if (k < 0) return false;
    counts[k]! += 1;
  }
  return counts.every((n) => n <= 1);
}

/** Writable unless the mode says `ro`. */
export const readWrite = (mode: string): boolean => !words(mode).includes('ro');

/** The propagation word of a mode, or undefined. */
export const propagationOf = (mode: string): string | undefined => words(mode).find((w) => PROPAGATION_MODES.has(w));

/** Whether the mode says `nocopy`. */
export const noCopy = (mode: string): boolean => words(mode).includes('nocopy');
