/** `wharf images`: `GET /images/json?all=&filters=`, printed like docker's table. */
import { listImages } from '../../client/api/images.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { renderFormat } from '../format/formatter.js';
import { DEFAULT_IMAGES_TABLE, DIGESTS_IMAGES_TABLE, ImageContext, imageHeader, imageRows } from '../format/image-context.js';
import { bool, list, str, type ParsedFlags } from '../flags/types.js';
import { FILTER_FLAG, FORMAT_FLAG_USAGE, filtersToJson } from './shared/flags.js';

function chooseFormat(p: ParsedFlags): { format: string; table: string } {
  const user = str(p, 'format');
  const table = bool(p, 'digests') ? DIGESTS_IMAGES_TABLE : DEFAULT_IMAGES_TABLE;
  if (bool(p, 'quiet') && (user === '' || user === 'table')) return { format: '{{.ID}}', table };
  return { format: user === '' ? 'table' : user, table };
}

async function run(ctx: CliContext, p: ParsedFlags): Promise<number> {
  const filters = filtersToJson(list(p, 'filter'));
  const match = p.args[0];
  if (match) (filters['reference'] ??= {})[match] = true;
  const t = await ctx.transport();
  const images = await listImages(t, { all: bool(p, 'all'), filters });
  const { format, table } = chooseFormat(p);
  const trunc = !bool(p, 'no-trunc');
  const now = Date.now();
  const showDigests = bool(p, 'digests') || /\.Digest\b/.test(format);
  const rows = images.flatMap((img) => imageRows(img, showDigests).map((r) => new ImageContext(img, r, trunc, now)));
  ctx.out(renderFormat({ format, defaultTable: table, header: imageHeader, rows }));
  return 0;
}

/** `wharf images`. */
export const command: CommandSpec = {
  name: 'images',
  use: 'images [OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  aliases: ['image ls', 'image list'],
  flags: [
    { long: 'all', short: 'a', type: 'bool', usage: 'Show all images (default hides intermediate images)' },
    { long: 'digests', type: 'bool', usage: 'Show digests' },
    FILTER_FLAG,
    { long: 'format', type: 'string', usage: FORMAT_FLAG_USAGE },
    { long: 'no-trunc', type: 'bool', usage: "Don't truncate output" },
    { long: 'quiet', short: 'q', type: 'bool', usage: 'Only show image IDs' },
  ],
  args: { kind: 'max', n: 1 },
  run,
};
