/** The part of archiver 5 the streamed Excel writer uses (the package ships no types). */
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';
  interface Archiver extends Transform {
    append(source: Readable | Buffer | string, data: { name: string }): this;
    finalize(): Promise<void>;
  }
  function archiver(format: 'zip', options?: { zlib?: { level?: number } }): Archiver;
  export default archiver;
}
