import { once } from 'node:events';
import { Writable } from 'node:stream';

/** About what one chunk holds before it goes to the sink: bounded memory, few system calls. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Writes text pieces to a sink in chunks of about CHUNK_BYTES, waiting whenever the sink
 * asks to (backpressure), then ends it. Resolves with the bytes written, once the sink
 * has finished (its file is on disk).
 */
export async function writeInChunks(pieces: Iterable<string> | AsyncIterable<string>, out: Writable): Promise<number> {
  let bytes = 0;
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    const buffer = Buffer.from(chunk.join(''), 'utf8');
    chunk = [];
    size = 0;
    bytes += buffer.length;
    if (!out.write(buffer)) await once(out, 'drain');
  };
  /** Adds a piece; true when the chunk is full. */
  const add = (piece: string) => {
    chunk.push(piece);
    size += piece.length;
    return size >= CHUNK_BYTES;
  };
  // Pieces at hand are taken without a promise each; only a full chunk waits for the sink.
  if (Symbol.iterator in pieces) {
    for (const piece of pieces) if (add(piece)) await flush();
  } else {
    for await (const piece of pieces) if (add(piece)) await flush();
  }
  if (size > 0) await flush();
  out.end();
  await finished(out);
  return bytes;
}

/** Resolves when a writable has flushed everything and closed (or fails with its error). */
export function finished(out: Writable): Promise<void> {
  return new Promise((done, fail) => {
    if (out.writableFinished) return done();
    out.once('finish', () => done());
    out.once('error', fail);
  });
}

/** A sink that keeps what is written, for small files made in memory (tests, the central service). */
export function memorySink(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}
