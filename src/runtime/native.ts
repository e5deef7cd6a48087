// Native error state → JS exception (docs/native-abi.md, ERROR_STATE layout).
import { newExc, exc, type ExcClass } from './exceptions.js';
import { percentFormat } from './pformat.js';
import { tuple, normBig, mkFloat } from './values.js';

export interface NativeModuleInfo {
  excNames: readonly string[];
  messages: readonly { template: string; args: readonly ('i' | 'u' | 'f' | 'b')[] }[];
  classes?: Record<string, ExcClass> | null;
}

const ARGS_F64 = 8, ARGS_I64 = 40, MAX_ARGS = 4;

/** fmt(template, args): Python `template % tuple(args)` */
export function fmt(template: string, args: readonly any[] | any): string {
  return percentFormat(template, Array.isArray(args) ? tuple([...args]) : args);
}

/**
 * Build the exception a native function raised (exception index at state[0],
 * message index at state[1], format args in the f64 / i64 slots) and reset
 * the error state. Returns null when no error is set.
 */
export function nativeError(state: Int32Array, module: NativeModuleInfo): Error | null {
  const ei = state[0];
  if (ei === 0) return null;
  const mi = state[1];
  state[0] = 0;
  const name = module.excNames[ei] ?? 'SystemError';
  const msg = module.messages[mi];
  let text: string | null = null;
  if (msg) {
    if (msg.args && msg.args.length > 0) {
      const base = state.byteOffset;
      const f64 = new Float64Array(state.buffer, base + ARGS_F64, MAX_ARGS);
      const i64 = new BigInt64Array(state.buffer, base + ARGS_I64, MAX_ARGS);
      const vals = msg.args.map((k, j) => {
        switch (k) {
          case 'i':
            return normBig(i64[j]);
          case 'u':
            return normBig(BigInt.asUintN(64, i64[j]));
          case 'b':
            return i64[j] !== 0n;
          default:
            return mkFloat(f64[j]);
        }
      });
      text = percentFormat(msg.template, tuple(vals));
    } else text = msg.template;
  }
  const cls = module.classes?.[name] ?? exc[name];
  if (!cls) return newExc('SystemError', `unknown exception ${name}: ${text ?? ''}`);
  return text === null ? new cls() : new cls(text);
}
