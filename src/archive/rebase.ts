/**
 * `rebaseTar`: renames the entries of a tar stream as moby's RebaseArchiveEntries does for `docker
 * cp` (`d/x` → `new/x` when a copy creates `new` from `d`): the first occurrence of `oldBase` in
 * each name is replaced by `newBase`, and in hardlink targets too. Headers are re-encoded (PAX
 * records pass through); data is streamed.
 */
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/** The tar `input` with entries renamed `oldBase` → `newBase`; errors of either side fail the output. */
export function rebaseTar(input: Readable, oldBase: string, newBase: string): Readable {
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  const pack = tar.pack();
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  extract.on('entry', (header, data, next) => {
    header.name = header.name.replace(oldBase, newBase);
    if (header.type === 'link' && header.linkname) header.linkname = header.linkname.replace(oldBase, newBase);
    const entry = pack.entry(header, (err) => next(err ?? undefined));
    data.pipe(entry);
  });
  extract.on('finish', () => pack.finalize());
  pipeline(input, extract).catch((err: Error) => { pack.destroy(err); });
  pipeline(pack, out).catch((err: Error) => out.destroy(err));
  return out;
}
