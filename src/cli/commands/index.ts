/**
 * The command table: name → summary and a lazy loader. Command modules are imported only when run,
 * so `wharf --version` or `wharf ps` load just what they use.
 */
import type { CommandSpec } from '../command.js';

/** How the root help groups a command. */
export type Category = 'common' | 'management' | 'other';

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
  ps: { summary: 'List containers', category: 'common', load: () => import('./ps.js') },
  images: { summary: 'List images', category: 'common', load: () => import('./images.js') },
  version: { summary: 'Show the Wharf version information', category: 'common', load: () => import('./version.js') },
  info: { summary: 'Display system-wide information', category: 'common', load: () => import('./info.js') },
  import: {
    summary: 'Import the contents from a tarball to create a filesystem image',
    category: 'other',
    load: () => import('./import.js'),
  },
  logs: { summary: 'Fetch the logs of a container', category: 'other', load: () => import('./logs.js') },
  rm: { summary: 'Remove one or more containers', category: 'other', load: () => import('./rm.js') },
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
    members: { run: 'run', ls: 'ps', list: 'ps', ps: 'ps', logs: 'logs', rm: 'rm', remove: 'rm' },
    listed: ['logs', 'ls', 'rm', 'run'],
  },
  image: { summary: 'Manage images', members: { ls: 'images', list: 'images', import: 'import' }, listed: ['import', 'ls'] },
  system: { summary: 'Manage Wharf', members: { info: 'info' }, listed: ['info'] },
};
