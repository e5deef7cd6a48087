// The core (core.ts) plus NDArray and JS ↔ Python value conversion (entry point
// dist/runtime/nd.js): what the glue of a natively compiled module that returns
// memoryviews, or takes or returns Python objects at the boundary, needs. See core.ts;
// names in tiers.ts.
import { conv as coreConv } from './core.js';
import { fromJS, toJS, viewToObject } from './jsconv.js';

// (named: with code splitting, esbuild drops an `export *` of core.js, external there)
export { exc, raise, fromJSError, nativeError, fmt, unraisable, nativeUnraisable, i64, u64, normBig, fused } from './core.js';

/** `$rt.conv`: every conversion (index.ts's `conv` is this object). */
export const conv = {
  ...coreConv,
  viewToObject,
  fromJS,
  toJS,
};

export { NDArray } from './ndarray.js';
