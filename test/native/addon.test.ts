import { describe, it, expect, beforeAll } from 'vitest';
import { Worker } from 'node:worker_threads';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadAddon,
  addonLoadError,
  targetKey,
  passPipeline,
  ADDON_PATH,
  type NativeAddon,
} from '../../src/native/addon.js';

// ---- hand-written LLVM 14 IR (typed pointers) ------------------------------------------

const NAPI_DECLS = `
declare i32 @napi_get_cb_info(i8*, i8*, i64*, i8**, i8**, i8**)
declare i32 @napi_get_value_double(i8*, i8*, double*)
declare i32 @napi_create_double(i8*, double, i8**)
declare i32 @napi_get_typedarray_info(i8*, i8*, i32*, i64*, i8**, i8**, i64*)
`;

/** `name(a, b) -> a <op> b` on doubles, as an N-API callback. */
function binaryOpModule(name: string, op: 'fadd' | 'fmul' | 'fsub'): string {
  return `${NAPI_DECLS}
define i8* @${name}(i8* %env, i8* %info) {
entry:
  %argc = alloca i64
  store i64 2, i64* %argc
  %argv = alloca [2 x i8*]
  %p0 = getelementptr [2 x i8*], [2 x i8*]* %argv, i64 0, i64 0
  %p1 = getelementptr [2 x i8*], [2 x i8*]* %argv, i64 0, i64 1
  %s0 = call i32 @napi_get_cb_info(i8* %env, i8* %info, i64* %argc, i8** %p0, i8** null, i8** null)
  %a0 = load i8*, i8** %p0
  %a1 = load i8*, i8** %p1
  %x = alloca double
  %y = alloca double
  %s1 = call i32 @napi_get_value_double(i8* %env, i8* %a0, double* %x)
  %s2 = call i32 @napi_get_value_double(i8* %env, i8* %a1, double* %y)
  %xv = load double, double* %x
  %yv = load double, double* %y
  %r = ${op} double %xv, %yv
  %out = alloca i8*
  %s3 = call i32 @napi_create_double(i8* %env, double %r, i8** %out)
  %o = load i8*, i8** %out
  ret i8* %o
}
`;
}

/** `exp_napi(x) -> exp(x)`: resolves libm's exp from the node process. */
const EXP_MODULE = `${NAPI_DECLS}
declare double @llvm.exp.f64(double)
define i8* @exp_napi(i8* %env, i8* %info) {
entry:
  %argc = alloca i64
  store i64 1, i64* %argc
  %argv = alloca i8*
  %s0 = call i32 @napi_get_cb_info(i8* %env, i8* %info, i64* %argc, i8** %argv, i8** null, i8** null)
  %a0 = load i8*, i8** %argv
  %x = alloca double
  %s1 = call i32 @napi_get_value_double(i8* %env, i8* %a0, double* %x)
  %xv = load double, double* %x
  %r = call double @llvm.exp.f64(double %xv)
  %out = alloca i8*
  %s2 = call i32 @napi_create_double(i8* %env, double %r, i8** %out)
  %o = load i8*, i8** %out
  ret i8* %o
}
`;

/** `axpb_napi(a: Float64Array, k) `: a[i] = a[i] * k + 1 in place; returns a.length. */
const AXPB_MODULE = `${NAPI_DECLS}
define i8* @axpb_napi(i8* %env, i8* %info) {
entry:
  %argc = alloca i64
  store i64 2, i64* %argc
  %argv = alloca [2 x i8*]
  %p0 = getelementptr [2 x i8*], [2 x i8*]* %argv, i64 0, i64 0
  %p1 = getelementptr [2 x i8*], [2 x i8*]* %argv, i64 0, i64 1
  %s0 = call i32 @napi_get_cb_info(i8* %env, i8* %info, i64* %argc, i8** %p0, i8** null, i8** null)
  %arr = load i8*, i8** %p0
  %kv = load i8*, i8** %p1
  %type = alloca i32
  %len = alloca i64
  %data = alloca i8*
  %s1 = call i32 @napi_get_typedarray_info(i8* %env, i8* %arr, i32* %type, i64* %len, i8** %data, i8** null, i64* null)
  %kp = alloca double
  %s2 = call i32 @napi_get_value_double(i8* %env, i8* %kv, double* %kp)
  %k = load double, double* %kp
  %n = load i64, i64* %len
  %raw = load i8*, i8** %data
  %a = bitcast i8* %raw to double*
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %done, label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %ptr = getelementptr inbounds double, double* %a, i64 %i
  %v = load double, double* %ptr
  %m = fmul double %v, %k
  %r = fadd double %m, 1.0
  store double %r, double* %ptr
  %i.next = add nuw i64 %i, 1
  %more = icmp ult i64 %i.next, %n
  br i1 %more, label %loop, label %done
done:
  %nd = uitofp i64 %n to double
  %out = alloca i8*
  %s3 = call i32 @napi_create_double(i8* %env, double %nd, i8** %out)
  %o = load i8*, i8** %out
  ret i8* %o
}
`;

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

// ---- tests -----------------------------------------------------------------------------

let addon: NativeAddon;

// Without a built addon these tests are skipped (cypyx then runs on wasm), unless
// CYPYX_REQUIRE_ADDON=1 (CI), where a missing addon is a failure.
const present = loadAddon() !== null;

describe.skipIf(!present && process.env.CYPYX_REQUIRE_ADDON !== '1')('native addon', () => {
  beforeAll(() => {
    const a = loadAddon();
    if (!a) throw new Error(addonLoadError() ?? 'addon unavailable');
    addon = a;
  });

  it('loads once and reports the host', () => {
    expect(loadAddon()).toBe(addon);
    expect(addonLoadError()).toBeNull();
    const h = addon.hostInfo();
    for (const k of ['triple', 'cpu', 'features', 'llvmVersion'] as const) {
      expect(typeof h[k]).toBe('string');
      expect(h[k].length).toBeGreaterThan(0);
    }
    expect(h.llvmVersion).toMatch(/^14\./);
    const key = targetKey(addon);
    expect(key).toContain(h.cpu);
    expect(key).toContain(h.features);
    expect(key).toContain(h.triple);
    expect(key).toContain('default<O2>');
    expect(passPipeline(3)).toBe('default<O3>');
    // the process-wide LLVM options are part of the key
    expect(h.llvmOptions).toContain('-enable-interleaved-mem-accesses=false');
    expect(key).toContain(h.llvmOptions);
  });

  it('compiles, loads and calls an N-API function', () => {
    let t = performance.now();
    const obj = addon.compile(binaryOpModule('add_napi_t1', 'fadd'), { name: 'add.ll' });
    const compileMs = performance.now() - t;
    expect(obj).toBeInstanceOf(Uint8Array);
    expect(Array.from(obj.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]); // ELF
    t = performance.now();
    const m = addon.load(obj, ['add_napi_t1']);
    const loadMs = performance.now() - t;
    console.log(
      `[native] small module: compile ${compileMs.toFixed(2)} ms, load ${loadMs.toFixed(2)} ms, ` +
        `object ${obj.length} bytes`,
    );
    const add = m.fns.add_napi_t1!;
    expect(add.name).toBe('add_napi_t1');
    expect(add(1.5, 2.25)).toBe(3.75);
    expect(add(-1, 1e300)).toBe(1e300);
    addon.release(m.handle);
  });

  it('compiles at every optLevel', () => {
    for (const optLevel of [0, 1, 2, 3] as const) {
      const sym = `mul_napi_o${optLevel}`;
      const m = addon.load(addon.compile(binaryOpModule(sym, 'fmul'), { optLevel }), [sym]);
      expect(m.fns[sym]!(3, 7)).toBe(21);
      addon.release(m.handle);
    }
    expect(() => addon.compile('', { optLevel: 4 as never })).toThrow(TypeError);
  });

  it('resolves libm symbols from the process', () => {
    const m = addon.load(addon.compile(EXP_MODULE), ['exp_napi']);
    expect(m.fns.exp_napi!(1)).toBeCloseTo(Math.E, 14);
    expect(m.fns.exp_napi!(0)).toBe(1);
    addon.release(m.handle);
  });

  it('compiles a vectorizable loop over a Float64Array', () => {
    const obj = addon.compile(AXPB_MODULE, { name: 'axpb.ll' });
    if (has('objdump')) {
      const dir = mkdtempSync(join(tmpdir(), 'cypyx-native-'));
      try {
        writeFileSync(join(dir, 'axpb.o'), obj);
        const dis = spawnSync('objdump', ['-d', join(dir, 'axpb.o')], { encoding: 'utf8' }).stdout;
        // packed-double arithmetic (mulpd/vmulpd/vfmadd...pd) means the loop vectorized
        expect(dis).toMatch(/\b(v?mulpd|v?addpd|vfmadd\w*pd)\b/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const m = addon.load(obj, ['axpb_napi']);
    for (const n of [0, 1, 3, 4, 17, 1000]) {
      const a = Float64Array.from({ length: n }, (_, i) => i);
      expect(m.fns.axpb_napi!(a, 2)).toBe(n);
      expect(Array.from(a)).toEqual(Array.from({ length: n }, (_, i) => i * 2 + 1));
    }
    // a view with an offset into a larger buffer
    const big = new Float64Array(10).fill(1);
    m.fns.axpb_napi!(big.subarray(5), 3);
    expect(Array.from(big)).toEqual([1, 1, 1, 1, 1, 4, 4, 4, 4, 4]);
    addon.release(m.handle);
  });

  it('throws the LLVM parse diagnostic for invalid IR without crashing', () => {
    let err: unknown;
    try {
      addon.compile('define i32 @f(i32 %a) {\n  ret i32 %b\n}\n', { name: 'broken.ll' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toContain("broken.ll:2:11: error: use of undefined value '%b'");
    // the process is fine afterwards
    const m = addon.load(addon.compile(binaryOpModule('sub_napi_after_err', 'fsub')), [
      'sub_napi_after_err',
    ]);
    expect(m.fns.sub_napi_after_err!(5, 3)).toBe(2);
    addon.release(m.handle);
  });

  it('throws the verifier message for well-formed but invalid IR', () => {
    const ir = `define i32 @f(i32 %a) {
entry:
  br label %b
b:
  %x = add i32 %y, 1
  %y = add i32 %a, 1
  ret i32 %x
}
`;
    expect(() => addon.compile(ir, { name: 'dom.ll' })).toThrow(/does not dominate/);
  });

  it('validates arguments with TypeErrors', () => {
    const a = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(() => a.compile!(42)).toThrow(TypeError);
    expect(() => a.compile!('', 'x')).toThrow(TypeError);
    expect(() => a.compile!('', { name: 1 })).toThrow(TypeError);
    expect(() => a.load!([1, 2], [])).toThrow(TypeError);
    expect(() => a.load!(new Uint8Array(4), 'sym')).toThrow(TypeError);
    expect(() => a.load!(new Uint8Array(4), [1])).toThrow(TypeError);
    expect(() => a.release!('1')).toThrow(TypeError);
    expect(() => a.release!(-1)).toThrow(TypeError);
    expect(() => addon.release(987654)).toThrow(/unknown or already released/);
    expect(() => addon.load(new Uint8Array([1, 2, 3]), ['x'])).toThrow(/not .*object file/);
  });

  it('rejects symbols the object does not define, and unresolved externals', () => {
    const obj = addon.compile(binaryOpModule('add_napi_t2', 'fadd'));
    expect(() => addon.load(obj, ['add_napi_t2', 'exp'])).toThrow(/'exp' is not defined/);
    const missing = `
declare double @cypyx_no_such_symbol_anywhere(double)
define i8* @calls_missing(i8* %env, i8* %info) {
  %r = call double @cypyx_no_such_symbol_anywhere(double 1.0)
  ret i8* null
}
`;
    expect(() => addon.load(addon.compile(missing), ['calls_missing'])).toThrow(
      /cypyx_no_such_symbol_anywhere/,
    );
    // both failures removed their trackers: the same symbols load fine now
    const m = addon.load(obj, ['add_napi_t2']);
    expect(m.fns.add_napi_t2!(2, 2)).toBe(4);
    addon.release(m.handle);
  });

  it('loads two modules with different symbols side by side', () => {
    const a = addon.load(addon.compile(binaryOpModule('two_add', 'fadd')), ['two_add']);
    const b = addon.load(addon.compile(binaryOpModule('two_mul', 'fmul')), ['two_mul']);
    expect(a.handle).not.toBe(b.handle);
    expect(a.fns.two_add!(3, 4)).toBe(7);
    expect(b.fns.two_mul!(3, 4)).toBe(12);
    // a second copy of an already loaded symbol is refused
    expect(() => addon.load(addon.compile(binaryOpModule('two_add', 'fadd')), ['two_add'])).toThrow(
      /Duplicate definition/,
    );
    addon.release(a.handle);
    expect(b.fns.two_mul!(5, 6)).toBe(30);
    addon.release(b.handle);
  });

  it('releases and loads the same object again', () => {
    const obj = addon.compile(binaryOpModule('reload_napi', 'fsub'));
    for (let round = 0; round < 5; round++) {
      const m = addon.load(obj, ['reload_napi']);
      expect(m.fns.reload_napi!(10, round)).toBe(10 - round);
      addon.release(m.handle);
      expect(() => addon.release(m.handle)).toThrow(/already released/);
    }
  });

  it('compiles in a worker thread; the object loads on the main thread', async () => {
    const ir = binaryOpModule('worker_add_napi', 'fadd');
    const workerSrc = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      const t = performance.now();
      const obj = addon.compile(workerData.ir, { name: 'worker.ll' });
      const ms = performance.now() - t;
      let bad = null;
      try { addon.compile('garbage', { name: 'w.ll' }); } catch (e) { bad = e.message; }
      parentPort.postMessage({ obj, ms, bad, host: addon.hostInfo() }, [obj.buffer]);
    `;
    const worker = new Worker(workerSrc, { eval: true, workerData: { path: ADDON_PATH, ir } });
    const msg = await new Promise<{ obj: Uint8Array; ms: number; bad: string | null; host: unknown }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    await worker.terminate();
    console.log(`[native] compile in worker: ${msg.ms.toFixed(2)} ms`);
    expect(msg.bad).toMatch(/w\.ll:1:1: error/);
    expect(msg.host).toEqual(addon.hostInfo());
    const m = addon.load(msg.obj, ['worker_add_napi']);
    expect(m.fns.worker_add_napi!(40, 2)).toBe(42);
    addon.release(m.handle);
  });

  it('releases what a Worker loaded when the Worker exits', async () => {
    const obj = addon.compile(binaryOpModule('worker_owned_napi', 'fmul'));
    const workerSrc = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      const m = addon.load(workerData.obj, ['worker_owned_napi']);
      parentPort.postMessage(m.fns.worker_owned_napi(6, 7));
    `;
    const worker = new Worker(workerSrc, { eval: true, workerData: { path: ADDON_PATH, obj } });
    const result = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(result).toBe(42);
    await new Promise((resolve) => worker.once('exit', resolve));
    // the worker's env cleanup hook removed its tracker, so the symbol is free again
    const m = addon.load(obj, ['worker_owned_napi']);
    expect(m.fns.worker_owned_napi!(2, 3)).toBe(6);
    addon.release(m.handle);
  });

  it('measures compile and load of a small module', () => {
    const ir = binaryOpModule('timing_napi', 'fadd');
    const N = 20;
    let compileMs = 0;
    let loadMs = 0;
    let obj: Uint8Array = new Uint8Array();
    for (let i = 0; i < N; i++) {
      let t = performance.now();
      obj = addon.compile(ir);
      compileMs += performance.now() - t;
      t = performance.now();
      const m = addon.load(obj, ['timing_napi']);
      loadMs += performance.now() - t;
      addon.release(m.handle);
    }
    console.log(
      `[native] mean over ${N}: compile ${(compileMs / N).toFixed(2)} ms, ` +
        `load ${(loadMs / N).toFixed(2)} ms (${obj.length}-byte object)`,
    );
  });
});
