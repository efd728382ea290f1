#!/usr/bin/env node
/**
 * The `wharf` entry as plain modules (bin/wharf prefers the startup snapshot built from
 * snapshot.ts, and falls back here when it is missing or older than this build).
 */
import { runCli } from './cli.js';

runCli(process.argv.slice(2));
