// nd.ts plus `@cython.ufunc` support (entry point dist/runtime/uf.js): what the glue of a
// module with ufuncs needs (`$rt.ufunc.make`), without the rest of the runtime. See
// core.ts; names in tiers.ts.
export { exc, raise, fromJSError, nativeError, fmt, unraisable, nativeUnraisable, i64, u64, normBig, fused, conv, NDArray } from './nd.js';
export * as ufunc from './ufunc.js';
