// Hashing helpers for cache keys. Every field is framed (name, kind, byte length)
// so that no two different sequences of fields can hash the same.
// node:crypto, not a JS sha256: in a fresh process a JS implementation runs in the
// interpreter (about 10 ms for a 30 KB glue), while importing node:crypto and its first
// digest cost about 5 ms together.
import { createHash, type Hash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Incremental sha256 over named fields. */
export class KeyHasher {
  private readonly h: Hash = createHash('sha256');

  field(name: string, value: string | Uint8Array | null): this {
    if (value === null) {
      this.h.update(`${name}:null\n`);
    } else if (typeof value === 'string') {
      this.h.update(`${name}:s${Buffer.byteLength(value)}\n`);
      this.h.update(value);
    } else {
      this.h.update(`${name}:b${value.byteLength}\n`);
      this.h.update(value);
    }
    return this;
  }

  digest(): string {
    return this.h.digest('hex');
  }
}

/** JSON with sorted object keys, so that option objects hash the same however they were built. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return typeof v === 'bigint' ? `${v}n` : v;
  });
}
