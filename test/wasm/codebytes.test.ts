// runtime/wasm.ts wasmCodeBytes: the eager-TurboFan limit counts code, not data segments.
import { describe, expect, it } from 'vitest';
import { frontEnd } from '../../src/compile/index.js';
import { emitWasm } from '../../src/compile/wasm/index.js';
import { wasmCodeBytes } from '../../src/runtime/wasm.js';

describe('wasmCodeBytes', () => {
  it('is the code section of a module with exp (whose table is a data segment)', async () => {
    const src = 'from libc.math cimport exp\ndef f(double x):\n    return exp(x)\n';
    const { ir } = frontEnd('/virtual/e.pyx', src, { readFile: () => null, backend: 'wasm' });
    const { binary } = await emitWasm(ir);
    const code = wasmCodeBytes(binary);
    expect(code).toBeGreaterThan(50);
    // the 2 KB table of 2^(j/128) is outside the code section
    expect(binary.byteLength - code).toBeGreaterThan(2000);
  });

  it('falls back to the whole size for a truncated binary and is 0 without code', () => {
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    expect(wasmCodeBytes(new Uint8Array(header))).toBe(0);
    const truncated = new Uint8Array([...header, 10, 0x90, 0x01, 1, 2]); // code section claims 144 bytes
    expect(wasmCodeBytes(truncated)).toBe(truncated.byteLength);
    const withCode = new Uint8Array([...header, 1, 2, 0, 0, 10, 3, 1, 1, 0]);
    expect(wasmCodeBytes(withCode)).toBe(3);
  });
});
