declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  export interface CopyStreamQuery extends Submittable, Writable {
    rowCount?: number;
  }
  export interface CopyToStreamQuery extends Submittable, Readable {
    rowCount?: number;
  }
  export function from(text: string, options?: import('node:stream').WritableOptions): CopyStreamQuery;
  export function to(text: string): CopyToStreamQuery;
}
