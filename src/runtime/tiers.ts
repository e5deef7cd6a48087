// The runtime's entry points for generated code, smallest first: which `$rt.<name>` and
// `$rt.conv.<name>` each provides. The glue (compile/js/glue.ts) imports the first one
// that has every name it uses, else the whole runtime (index). Each entry point is a
// superset of the previous one, and test/runtime/tiers.test.ts checks these lists
// against core.ts, nd.ts and uf.ts. Plain data: the compiler imports it, not the runtime.

export interface RuntimeTier {
  /** The module next to runtime/index: runtime/<entry>.js */
  readonly entry: string;
  readonly rt: readonly string[];
  readonly conv: readonly string[];
}

const CORE_RT = [
  'conv', 'exc', 'raise', 'fromJSError', 'nativeError', 'fmt', 'unraisable', 'nativeUnraisable', 'i64', 'u64', 'normBig', 'fused',
];
const CORE_CONV = [
  'toInt', 'toFloat', 'toBint', 'checkPyType', 'i64ToJS', 'boxInt', 'boxFloat', 'boxBool', 'unboxInt', 'unboxFloat', 'unboxBint',
  'parseArgs', 'toView', 'unboxView',
];

export const RUNTIME_TIERS: readonly RuntimeTier[] = [
  { entry: 'core', rt: CORE_RT, conv: CORE_CONV },
  {
    entry: 'nd',
    rt: [...CORE_RT, 'NDArray'],
    conv: [...CORE_CONV, 'viewToObject', 'fromJS', 'toJS'],
  },
  {
    entry: 'uf',
    rt: [...CORE_RT, 'NDArray', 'ufunc'],
    conv: [...CORE_CONV, 'viewToObject', 'fromJS', 'toJS'],
  },
];
