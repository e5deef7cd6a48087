// A TypedArray whose buffer was detached (transferred, or a wasm memory that grew) is
// reported as such by every entry that takes arrays, not mistaken for an empty array.
import { describe, expect, it } from 'vitest';
import { toStrided } from '../../src/runtime/ufunc.js';

function detached(): Float64Array {
  const buf = new ArrayBuffer(16);
  const a = new Float64Array(buf);
  structuredClone(buf, { transfer: [buf] });
  return a;
}

describe('detached buffers', () => {
  it('ufunc and reduce operands raise ValueError naming the cause', () => {
    expect(() => toStrided(detached())).toThrow(/detached/);
    expect(() => toStrided({ data: detached(), shape: [0] })).toThrow(/detached/);
  });
  it('a real empty array is fine', () => {
    expect(toStrided(new Float64Array(0))).toMatchObject({ shape: [0], dtype: 'float64' });
  });
});
