/**
 * How `ps` chooses its template, as docker CLI 28's runPs, buildContainerListOptions and
 * NewContainerFormat do: a given `--format` is parsed and executed once on an empty container
 * first (so a bad template fails even when nothing is listed, and `.Size` in it asks the daemon
 * for sizes); `-q` prints IDs whatever the format (with a warning when one was given); `table`
 * is the default, `raw` docker's key: value blocks.
 */
import { StatusError } from '../errors.js';
import { ContainerContext, DEFAULT_PS_TABLE } from './container-context.js';
import { execute } from './template/exec.js';
import { basicFuncs } from './template/funcs.js';
import { TemplateError } from './template/lexer.js';
import { parseTemplate } from './template/parser.js';

const QUIET_FORMAT = '{{.ID}}';

const RAW_FORMAT = 'container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n'
  + 'state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\n'
  + 'ports: {{- pad .Ports 1 0}}\n';

/** An empty container that records whether the template read its size. */
class SizeProbe extends ContainerContext {
  sizeUsed = false;
  constructor() {
    super({ Id: '' }, true);
  }

  override Size(): string {
    this.sizeUsed = true;
    return super.Size();
  }
}

/** Parses and runs `format` on an empty container (docker's messages); returns whether it reads `.Size`. */
export function formatUsesSize(format: string): boolean {
  let nodes;
  try {
    nodes = parseTemplate(format);
  } catch (e) {
    if (e instanceof TemplateError) throw new StatusError(1, `failed to parse template: ${e.message}`);
    throw e;
  }
  const probe = new SizeProbe();
  try {
    execute(nodes, probe, basicFuncs);
  } catch (e) {
    if (e instanceof TemplateError) throw new StatusError(1, `failed to execute template: ${e.message}`);
    throw e;
  }
  return probe.sizeUsed;
}

/** What ps was asked for. */
export interface PsFormatFlags {
  format: string;
  quiet: boolean;
  size: boolean;
  sizeChanged: boolean;
}

/** The template to render and whether to ask for sizes; `warn` receives docker's warning. */
export function choosePsFormat(f: PsFormatFlags, warn: (s: string) => void): { format: string; size: boolean } {
  if (f.format !== '' && f.quiet) warn('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
  let size = f.size;
  if (f.format !== '' && formatUsesSize(f.format) && !f.quiet && !f.size && !f.sizeChanged) size = true;
  if (f.quiet) return { format: f.format === 'raw' ? 'container_id: {{.ID}}' : QUIET_FORMAT, size };
  if (f.format === '' || f.format === 'table') return { format: size ? `${DEFAULT_PS_TABLE}\t{{.Size}}` : DEFAULT_PS_TABLE, size };
  if (f.format === 'raw') return { format: size ? `${RAW_FORMAT}size: {{.Size}}\n` : RAW_FORMAT, size };
  return { format: f.format, size };
}
