/**
 * The command table: name → summary and a lazy loader. Command modules are imported only when run,
 * so `wharf --version` or `wharf ps` load just what they use.
 */
import type { CommandSpec } from '../command.js';

/** How the root help groups a command. */
export type Category = 'common' | 'management' | 'other' | 'group';

/** One entry of the table. */
export interface CommandEntry {
  summary: string;
  category: Category;
  load: () => Promise<{ command: CommandSpec }>;
  /** Raw commands get the remaining argv unparsed (delegated to another tool). */
  raw?: (argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }) => Promise<number>;
}

/** Every command by name (aliases included). */
export const commands: Record<string, CommandEntry> = {
  run: { summary: 'Create and run a new container from an image', category: 'common', load: () => import('./run.js') },
  exec: { summary: 'Execute a command in a running container', category: 'common', load: () => import('./exec.js') },
  ps: { summary: 'List containers', category: 'common', load: () => import('./ps.js') },
  pull: { summary: 'Download an image from a registry', category: 'common', load: () => import('./pull.js') },
  push: { summary: 'Upload an image to a registry', category: 'common', load: () => import('./push.js') },
  images: { summary: 'List images', category: 'common', load: () => import('./images.js') },
  login: { summary: 'Authenticate to a registry', category: 'common', load: () => import('./login.js') },
  logout: { summary: 'Log out from a registry', category: 'common', load: () => import('./logout.js') },
  search: { summary: 'Search Docker Hub for images', category: 'common', load: () => import('./search.js') },
  build: { summary: 'Build an image from a Dockerfile', category: 'common', load: () => import('./build.js') },
  version: { summary: 'Show the Wharf version information', category: 'common', load: () => import('./version.js') },
  info: { summary: 'Display system-wide information', category: 'common', load: () => import('./info.js') },
  import: {
    summary: 'Import the contents from a tarball to create a filesystem image',
    category: 'other',
    load: () => import('./import.js'),
  },
  logs: { summary: 'Fetch the logs of a container', category: 'other', load: () => import('./logs.js') },
  attach: { summary: 'Attach local standard input, output, and error streams to a running container', category: 'other', load: () => import('./attach.js') },
  create: { summary: 'Create a new container', category: 'other', load: () => import('./create.js') },
  kill: { summary: 'Kill one or more running containers', category: 'other', load: () => import('./kill.js') },
  restart: { summary: 'Restart one or more containers', category: 'other', load: () => import('./restart.js') },
  start: { summary: 'Start one or more stopped containers', category: 'other', load: () => import('./start.js') },
  stop: { summary: 'Stop one or more running containers', category: 'other', load: () => import('./stop.js') },
  wait: { summary: 'Block until one or more containers stop, then print their exit codes', category: 'other', load: () => import('./wait.js') },
  events: { summary: 'Get real time events from the server', category: 'other', load: () => import('./events.js') },
  rm: { summary: 'Remove one or more containers', category: 'other', load: () => import('./rm.js') },
  stats: { summary: 'Display a live stream of container(s) resource usage statistics', category: 'other', load: () => import('./stats.js') },
  top: { summary: 'Display the running processes of a container', category: 'other', load: () => import('./top.js') },
  commit: { summary: "Create a new image from a container's changes", category: 'other', load: () => import('./commit.js') },
  cp: { summary: 'Copy files/folders between a container and the local filesystem', category: 'other', load: () => import('./cp.js') },
  diff: { summary: "Inspect changes to files or directories on a container's filesystem", category: 'other', load: () => import('./diff.js') },
  export: { summary: "Export a container's filesystem as a tar archive", category: 'other', load: () => import('./export.js') },
  history: { summary: 'Show the history of an image', category: 'other', load: () => import('./history.js') },
  load: { summary: 'Load an image from a tar archive or STDIN', category: 'other', load: () => import('./load.js') },
  rmi: { summary: 'Remove one or more images', category: 'other', load: () => import('./rmi.js') },
  save: { summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)', category: 'other', load: () => import('./save.js') },
  tag: { summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', category: 'other', load: () => import('./tag.js') },
  inspect: { summary: 'Return low-level information on Docker objects', category: 'other', load: () => import('./inspect.js') },
  pause: { summary: 'Pause all processes within one or more containers', category: 'other', load: () => import('./pause.js') },
  unpause: { summary: 'Unpause all processes within one or more containers', category: 'other', load: async () => ({ command: (await import('./pause.js')).unpauseCommand }) },
  rename: { summary: 'Rename a container', category: 'other', load: () => import('./rename.js') },
  update: { summary: 'Update configuration of one or more containers', category: 'other', load: () => import('./update.js') },
  port: { summary: 'List port mappings or a specific mapping for the container', category: 'other', load: () => import('./port.js') },
  'container prune': { summary: 'Remove all stopped containers', category: 'group', load: () => import('./container-prune.js') },
  'image inspect': { summary: 'Display detailed information on one or more images', category: 'group', load: async () => ({ command: (await import('./inspect.js')).imageInspect }) },
  'container inspect': { summary: 'Display detailed information on one or more containers', category: 'group', load: async () => ({ command: (await import('./inspect.js')).containerInspect }) },
  'image prune': { summary: 'Remove unused images', category: 'group', load: () => import('./image-prune.js') },
  'builder prune': { summary: 'Remove build cache', category: 'group', load: () => import('./builder-prune.js') },
  'system df': { summary: 'Show wharf disk usage', category: 'group', load: () => import('./system-df.js') },
  'system prune': { summary: 'Remove unused data', category: 'group', load: () => import('./system-prune.js') },
  'network connect': { summary: 'Connect a container to a network', category: 'group', load: () => import('./network/connect.js') },
  'network create': { summary: 'Create a network', category: 'group', load: () => import('./network/create.js') },
  'network disconnect': { summary: 'Disconnect a container from a network', category: 'group', load: () => import('./network/disconnect.js') },
  'network inspect': { summary: 'Display detailed information on one or more networks', category: 'group', load: () => import('./network/inspect.js') },
  'network ls': { summary: 'List networks', category: 'group', load: () => import('./network/ls.js') },
  'network prune': { summary: 'Remove all unused networks', category: 'group', load: () => import('./network/prune.js') },
  'network rm': { summary: 'Remove one or more networks', category: 'group', load: () => import('./network/rm.js') },
  'volume create': { summary: 'Create a volume', category: 'group', load: () => import('./volume/create.js') },
  'volume inspect': { summary: 'Display detailed information on one or more volumes', category: 'group', load: () => import('./volume/inspect.js') },
  'volume ls': { summary: 'List volumes', category: 'group', load: () => import('./volume/ls.js') },
  'volume prune': { summary: 'Remove unused local volumes', category: 'group', load: () => import('./volume/prune.js') },
  'volume rm': { summary: 'Remove one or more volumes', category: 'group', load: () => import('./volume/rm.js') },
  registry: {
    summary: 'Run and manage an OCI distribution registry',
    category: 'management',
    load: () => import('./registry.js'),
    raw: async (argv, io) => (await import('./registry.js')).runRegistry(argv, io),
  },
};

/** A management command: `wharf container <x>` and friends. */
export interface Group {
  summary: string;
  /** Sub-command name (aliases included) → command table name. */
  members: Record<string, string>;
  /** Sub-commands listed in the group's help (aliases left out). */
  listed: string[];
}

/** Sub-commands reachable as `wharf container <x>` / `wharf image <x>`, like docker's management commands. */
export const groups: Record<string, Group> = {
  container: {
    summary: 'Manage containers',
    members: {
      run: 'run', exec: 'exec', ls: 'ps', list: 'ps', ps: 'ps', logs: 'logs', rm: 'rm', remove: 'rm', commit: 'commit', cp: 'cp', diff: 'diff', export: 'export',
      inspect: 'container inspect', attach: 'attach', create: 'create', kill: 'kill', restart: 'restart', start: 'start', stop: 'stop', wait: 'wait',
      pause: 'pause', unpause: 'unpause', rename: 'rename', update: 'update', port: 'port', prune: 'container prune', stats: 'stats', top: 'top',
    },
    // docker's order (alphabetical)
    listed: [
      'attach', 'commit', 'cp', 'create', 'diff', 'exec', 'export', 'inspect', 'kill', 'logs', 'ls', 'pause', 'port', 'prune', 'rename', 'restart', 'rm', 'run',
      'start', 'stats', 'stop', 'top', 'unpause', 'update', 'wait',
    ],
  },
  builder: {
    summary: 'Manage builds',
    members: { build: 'build', prune: 'builder prune' },
    listed: ['build', 'prune'],
  },
  image: {
    summary: 'Manage images',
    members: {
      build: 'build', ls: 'images', list: 'images', import: 'import', history: 'history', load: 'load', prune: 'image prune',
      rm: 'rmi', remove: 'rmi', save: 'save', tag: 'tag', inspect: 'image inspect', pull: 'pull', push: 'push',
    },
    listed: ['build', 'history', 'import', 'inspect', 'load', 'ls', 'prune', 'pull', 'push', 'rm', 'save', 'tag'],
  },
  network: {
    summary: 'Manage networks',
    members: {
      connect: 'network connect', create: 'network create', disconnect: 'network disconnect', inspect: 'network inspect',
      ls: 'network ls', list: 'network ls', prune: 'network prune', rm: 'network rm', remove: 'network rm',
    },
    listed: ['connect', 'create', 'disconnect', 'inspect', 'ls', 'prune', 'rm'],
  },
  system: {
    summary: 'Manage Wharf',
    members: { info: 'info', df: 'system df', events: 'events', prune: 'system prune' },
    listed: ['df', 'events', 'info', 'prune'],
  },
  volume: {
    summary: 'Manage volumes',
    members: { create: 'volume create', inspect: 'volume inspect', ls: 'volume ls', list: 'volume ls', prune: 'volume prune', rm: 'volume rm', remove: 'volume rm' },
    listed: ['create', 'inspect', 'ls', 'prune', 'rm'],
  },
};
