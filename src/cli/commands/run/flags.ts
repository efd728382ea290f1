/**
 * The flag table of `run` and `create` (a subset of docker's, same names, shorthands, texts,
 * defaults and per-value checks). Every flag here reaches the create body (config.ts).
 */
import type { FlagSpec } from '../../flags/types.js';
import { parseMountFlag } from './mounts.js';
import { checkAttach, checkDeviceCgroupRule, checkLabel, checkSysctl, parseBpsDevice, parseIopsDevice, parseUlimit, parseWeightDevice } from './host-options.js';

const listFlag = (long: string, usage: string, short?: string, check?: (v: string) => void): FlagSpec => ({
  long, type: 'stringArray', valueName: 'list', usage, ...(short ? { short } : {}), ...(check ? { check } : {}),
});

const duration = (long: string, usage: string): FlagSpec => ({ long, type: 'duration', usage: `${usage} (ms|s|m|h) (default 0s)` });

/** Flags of `wharf run`. `-h` is `--hostname` here, so `--help` has no shorthand. */
export const RUN_FLAGS: FlagSpec[] = [
  {
    long: 'annotation', type: 'stringArray', valueName: 'map', helpDefault: 'map[]',
    usage: 'Add an annotation to the container (passed through to the OCI runtime)',
  },
  listFlag('attach', 'Attach to STDIN, STDOUT or STDERR', 'a', checkAttach),
  { long: 'blkio-weight-device', type: 'stringArray', valueName: 'list', helpDefault: '[]', usage: 'Block IO weight (relative device weight)', check: (v) => void parseWeightDevice(v) },
  listFlag('cap-add', 'Add Linux capabilities'),
  listFlag('cap-drop', 'Drop Linux capabilities'),
  { long: 'cgroup-parent', type: 'string', usage: 'Optional parent cgroup for the container' },
  {
    long: 'cgroupns', type: 'string',
    usage: "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)",
  },
  { long: 'cidfile', type: 'string', usage: 'Write the container ID to the file' },
  { long: 'cpu-rt-period', type: 'int', usage: 'Limit CPU real-time period in microseconds' },
  { long: 'cpu-rt-runtime', type: 'int', usage: 'Limit CPU real-time runtime in microseconds' },
  { long: 'detach', short: 'd', type: 'bool', usage: 'Run container in background and print container ID' },
  { long: 'detach-keys', type: 'string', usage: 'Override the key sequence for detaching a container' },
  listFlag('device', 'Add a host device to the container'),
  listFlag('device-cgroup-rule', 'Add a rule to the cgroup allowed devices list', undefined, checkDeviceCgroupRule),
  ...([['read', 'from'], ['write', 'to']] as const).flatMap(([rw, dir]): FlagSpec[] => [
    { long: `device-${rw}-bps`, type: 'stringArray', valueName: 'list', helpDefault: '[]', usage: `Limit ${rw} rate (bytes per second) ${dir} a device`, check: (v) => void parseBpsDevice(v) },
    { long: `device-${rw}-iops`, type: 'stringArray', valueName: 'list', helpDefault: '[]', usage: `Limit ${rw} rate (IO per second) ${dir} a device`, check: (v) => void parseIopsDevice(v) },
  ]),
  { long: 'entrypoint', type: 'string', usage: 'Overwrite the default ENTRYPOINT of the image' },
  listFlag('env', 'Set environment variables', 'e'),
  listFlag('env-file', 'Read in a file of environment variables'),
  listFlag('expose', 'Expose a port or a range of ports'),
  listFlag('group-add', 'Add additional groups to join'),
  { long: 'health-cmd', type: 'string', usage: 'Command to run to check health' },
  duration('health-interval', 'Time between running the check'),
  { long: 'health-retries', type: 'int', usage: 'Consecutive failures needed to report unhealthy' },
  duration('health-start-interval', 'Time between running the check during the start period'),
  duration('health-start-period', 'Start period for the container to initialize before starting health-retries countdown'),
  duration('health-timeout', 'Maximum time to allow one check to run'),
  { long: 'help', type: 'bool', usage: 'Print usage' },
  { long: 'hostname', short: 'h', type: 'string', usage: 'Container host name' },
  { long: 'init', type: 'bool', usage: 'Run an init inside the container that forwards signals and reaps processes' },
  { long: 'ipc', type: 'string', usage: 'IPC mode to use' },
  { long: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open even if not attached' },
  listFlag('label', 'Set meta data on a container', 'l', checkLabel),
  listFlag('label-file', 'Read in a line delimited file of labels'),
  { long: 'memory', short: 'm', type: 'bytes', usage: 'Memory limit' },
  { long: 'mount', type: 'stringArray', valueName: 'mount', usage: 'Attach a filesystem mount to the container', check: (v) => void parseMountFlag(v) },
  { long: 'name', type: 'string', usage: 'Assign a name to the container' },
  { long: 'network', type: 'string', valueName: 'network', usage: 'Connect a container to a network' },
  { long: 'no-healthcheck', type: 'bool', usage: 'Disable any container-specified HEALTHCHECK' },
  { long: 'oom-kill-disable', type: 'bool', usage: 'Disable OOM Killer' },
  { long: 'oom-score-adj', type: 'int', usage: "Tune host's OOM preferences (-1000 to 1000)" },
  { long: 'pid', type: 'string', usage: 'PID namespace to use' },
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
  { long: 'runtime', type: 'string', usage: 'Runtime to use for this container' },
  listFlag('security-opt', 'Security Options'),
  { long: 'shm-size', type: 'bytes', usage: 'Size of /dev/shm' },
  { long: 'sig-proxy', type: 'bool', default: true, usage: 'Proxy received signals to the process' },
  { long: 'stop-signal', type: 'string', usage: 'Signal to stop the container' },
  { long: 'stop-timeout', type: 'int', usage: 'Timeout (in seconds) to stop a container' },
  { long: 'sysctl', type: 'stringArray', valueName: 'map', helpDefault: 'map[]', usage: 'Sysctl options', check: checkSysctl },
  listFlag('tmpfs', 'Mount a tmpfs directory'),
  { long: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
  { long: 'ulimit', type: 'stringArray', valueName: 'ulimit', helpDefault: '[]', usage: 'Ulimit options', check: (v) => void parseUlimit(v) },
  { long: 'user', short: 'u', type: 'string', usage: 'Username or UID (format: <name|uid>[:<group|gid>])' },
  { long: 'userns', type: 'string', usage: 'User namespace to use' },
  { long: 'uts', type: 'string', usage: 'UTS namespace to use' },
  listFlag('volume', 'Bind mount a volume', 'v'),
  { long: 'volume-driver', type: 'string', usage: 'Optional volume driver for the container' },
  listFlag('volumes-from', 'Mount volumes from the specified container(s)'),
  { long: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
];
