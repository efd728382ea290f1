/**
 * `--init` as Docker does it with docker-init: the init binary (catatonit here) is bind-mounted
 * read-only at /sbin/docker-init and becomes PID 1, running the container's command as its child
 * (`/sbin/docker-init -- <path> <args…>`), so signals are forwarded and orphans reaped.
 */
import type { RuntimeMount } from '../../oci/runtime-spec.js';

/** Where the init binary appears inside the container (Docker's inContainerInitPath). */
export const IN_CONTAINER_INIT_PATH = '/sbin/docker-init';

/** The process arguments and the extra mount of a container run under `initBinary` (a host path). */
export function withInit(args: readonly string[], initBinary: string): { args: string[]; mount: RuntimeMount } {
  return {
    args: [IN_CONTAINER_INIT_PATH, '--', ...args],
    mount: { destination: IN_CONTAINER_INIT_PATH, type: 'bind', source: initBinary, options: ['bind', 'ro'] },
  };
}
