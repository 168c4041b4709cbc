import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Already-compressed formats are stored as they are: deflating them again costs time and saves nothing. */
const STORED = /\.(pdf|zip|png|jpe?g)$/i;

/**
 * Writes entries into a ZIP with fflate's streaming `Zip`: each entry is compressed and emitted as it
 * is added, and `onChunk` receives the archive piece by piece (to a buffer, an upload, a socket).
 * Entries carry `modifiedAt` so that the same bundle always has the same bytes.
 */
export function writeZip(
  entries: readonly ZipEntry[],
  modifiedAt: Date,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new Zip((error, chunk, final) => {
      if (error) {
        reject(error);
        return;
      }
      onChunk(chunk);
      if (final) resolve();
    });
    for (const entry of entries) {
      const file = STORED.test(entry.path)
        ? new ZipPassThrough(entry.path)
        : new ZipDeflate(entry.path, { level: 6 });
      file.mtime = modifiedAt;
      zip.add(file);
      file.push(entry.bytes, true);
    }
    zip.end();
  });
}

/** The whole archive in memory (bundles are bounded by what the function can read anyway). */
export async function zipToBuffer(entries: readonly ZipEntry[], modifiedAt: Date): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await writeZip(entries, modifiedAt, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}
