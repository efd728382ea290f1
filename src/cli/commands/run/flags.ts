/** The flag table of `run` (a subset of docker's, same names, shorthands, texts and defaults). */
import type { FlagSpec } from '../../flags/types.js';

const listFlag = (long: string, usage: string, short?: string): FlagSpec => ({
  long, type: 'stringArray', valueName: 'list', usage, ...(short ? { short } : {}),
});

/** Flags of `wharf run`. `-h` is `--hostname` here, so `--help` has no shorthand. */
export const RUN_FLAGS: FlagSpec[] = [
  listFlag('attach', 'Attach to STDIN, STDOUT or STDERR', 'a'),
  listFlag('cap-add', 'Add Linux capabilities'),
  listFlag('cap-drop', 'Drop Linux capabilities'),
  { long: 'detach', short: 'd', type: 'bool', usage: 'Run container in background and print container ID' },
  { long: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
  { long: 'entrypoint', type: 'string', usage: 'Overwrite the default ENTRYPOINT of the image' },
  listFlag('env', 'Set environment variables', 'e'),
  listFlag('expose', 'Expose a port or a range of ports'),
  { long: 'help', type: 'bool', usage: 'Print usage' },
  { long: 'hostname', short: 'h', type: 'string', usage: 'Container host name' },
  { long: 'init', type: 'bool', usage: 'Run an init inside the container that forwards signals and reaps processes' },
  { long: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open even if not attached' },
  listFlag('label', 'Set meta data on a container', 'l'),
  { long: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
  { long: 'name', type: 'string', usage: 'Assign a name to the container' },
  { long: 'network', type: 'string', valueName: 'network', usage: 'Connect a container to a network' },
  { long: 'platform', type: 'string', usage: 'Set platform if server is multi-platform capable' },
  { long: 'privileged', type: 'bool', usage: 'Give extended privileges to this container' },
  listFlag('publish', "Publish a container's port(s) to the host", 'p'),
  { long: 'publish-all', short: 'P', type: 'bool', usage: 'Publish all exposed ports to random ports' },
  { long: 'pull', type: 'string', default: 'missing', usage: 'Pull image before running ("always", "missing", "never")' },
  { long: 'quiet', short: 'q', type: 'bool', usage: 'Suppress the pull output' },
  { long: 'read-only', type: 'bool', usage: "Mount the container's root filesystem as read only" },
  { long: 'restart', type: 'string', default: 'no', usage: 'Restart policy to apply when a container exits' },
  {
    long: 'rm', type: 'bool',
    usage: 'Automatically remove the container and its associated anonymous volumes when it exits',
  },
  { long: 'sig-proxy', type: 'bool', default: true, usage: 'Proxy received signals to the process' },
  { long: 'stop-signal', type: 'string', usage: 'Signal to stop the container' },
  { long: 'stop-timeout', type: 'int', usage: 'Timeout (in seconds) to stop a container' },
  { long: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
  { long: 'user', short: 'u', type: 'string', usage: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  listFlag('volume', 'Bind mount a volume', 'v'),
  { long: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
];
