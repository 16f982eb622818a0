/** SHA-256 of a file's bytes, streamed (never the whole file in memory). */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';

/** Hex SHA-256 of the file at `path`. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
  }
  return hash.digest('hex');
}
