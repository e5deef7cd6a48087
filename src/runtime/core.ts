// The runtime's small core (entry point dist/runtime/core.js): what the glue of a module
// needs when all its functions run natively and take C scalars and memoryviews and
// return C scalars — argument parsing and conversions, exceptions, the native error
// state, 64-bit arithmetic, fused dispatch.
// It is a few tens of KB instead of the whole runtime, which matters for a cache hit in
// a fresh process (V8 parses every byte of an imported module). nd.ts adds memoryviews
// and NDArray, index.ts is the whole runtime; all three share one instance of every
// module (scripts/build.mjs bundles them with code splitting), so exception classes and
// NDArray are the same whichever entry point loaded them.
// The names each entry point provides to generated code are listed in tiers.ts.
import * as convert from './convert.js';
import { toView, unboxView } from './views.js';
import { bufferInfo, classify, select } from './fused.js';

/** `$rt.conv` of the core: scalar and memoryview conversions at the boundary, argument parsing. */
export const conv = {
  toInt: convert.toInt,
  toFloat: convert.toFloat,
  toBint: convert.toBint,
  checkPyType: convert.checkPyType,
  i64ToJS: convert.i64ToJS,
  boxInt: convert.boxInt,
  boxFloat: convert.boxFloat,
  boxBool: convert.boxBool,
  unboxInt: convert.unboxInt,
  unboxFloat: convert.unboxFloat,
  unboxBint: convert.unboxBint,
  parseArgs: convert.parseArgs,
  toView,
  unboxView,
};

/** `$rt.fused`: the dispatcher of fused def functions. */
export const fused = { bufferInfo, classify, select };

export { exc, raise, fromJSError } from './exceptions.js';
export { nativeError, fmt } from './native.js';
export { unraisable, nativeUnraisable } from './unraisable.js';
export { i64, u64 } from './int64.js';
export { normBig } from './values.js';
