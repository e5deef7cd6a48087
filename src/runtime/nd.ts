// The core (core.ts) plus memoryviews, NDArray and JS ↔ Python value conversion
// (entry point dist/runtime/nd.js): what the glue of a natively compiled module with
// memoryview parameters or results needs. See core.ts; names in tiers.ts.
import { conv as coreConv } from './core.js';
import { toView, unboxView, viewToObject } from './views.js';
import { fromJS, toJS } from './jsconv.js';

export * from './core.js';

/** `$rt.conv`: every conversion (index.ts's `conv` is this object). */
export const conv = {
  ...coreConv,
  toView,
  unboxView,
  viewToObject,
  fromJS,
  toJS,
};

export { NDArray } from './ndarray.js';
export * as fused from './fused.js';
