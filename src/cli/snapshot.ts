/**
 * The entry of the CLI's V8 startup snapshot (scripts/cli-snapshot.mjs bundles it and runs
 * `node --build-snapshot`). Node's own start is ~20 ms here, loading the CLI's modules another
 * ~35 ms, paid on every command; from a snapshot the modules below come already evaluated.
 * They must not read the environment, the terminal or the clock at load time: that would be
 * frozen into the snapshot. Commands behind lazy imports are compiled in but evaluated when run;
 * so is node:http (the client's transport): node 20 cannot evaluate it while building a snapshot.
 */
import { startupSnapshot } from 'node:v8';
import { runCli } from './cli.js';
// The modules every API command uses, evaluated at build time.
import './commands/index.js';
import './context.js';
import './command.js';

// `node --snapshot-blob b -- ARGS`: process.argv is [node, ...ARGS].
startupSnapshot.setDeserializeMainFunction(() => runCli(process.argv.slice(1)));
