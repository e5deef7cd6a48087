// Cython 0.29's "unraisable" exceptions: a cdef/cpdef function with a C return
// type and no `except` clause cannot propagate an exception, so it is printed to
// stderr (`Exception ignored in: 'mod.f'`) and the function returns zero.
import { nativeError, type NativeModuleInfo } from './native.js';

function writeStderr(text: string): void {
  const proc = (globalThis as { process?: { stderr?: { write(s: string): unknown } } }).process;
  if (proc?.stderr) proc.stderr.write(text);
  else console.error(text.replace(/\n$/, ''));
}

/** Reports an exception caught in a JS-tier function that cannot propagate it. */
export function unraisable(e: unknown, where: string): void {
  const err = e as { name?: string; message?: string } | null;
  const name = err && typeof err === 'object' && err.name ? err.name : 'Exception';
  const message = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(e);
  writeStderr(`Exception ignored in: '${where}'\n${name}${message ? ': ' + message : ''}\n`);
}

/**
 * After a native call: reports (and clears) an exception a native function swallowed.
 * The state slot holds the exception index and the function's number (ir.ts
 * ERROR_STATE); `names[number]` is that function's qualified name ('mod.f').
 */
export function nativeUnraisable(state: Int32Array, module: NativeModuleInfo, where: string, names?: readonly string[]): void {
  const UNRAISABLE = 19; // ERROR_STATE.unraisable / 4
  const FN_SHIFT = 16; // ERROR_STATE.unraisableFnShift
  const slot = state[UNRAISABLE]!;
  if (slot === 0) return;
  state[UNRAISABLE] = 0;
  const pending = state[0]!;
  state[0] = slot & ((1 << FN_SHIFT) - 1);
  const e = nativeError(state, module); // formats the message and resets state[0]
  state[0] = pending;
  unraisable(e, names?.[slot >>> FN_SHIFT] ?? where);
}
