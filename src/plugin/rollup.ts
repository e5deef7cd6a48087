// cypyx/rollup: `import cypyx from 'cypyx/rollup'`, then `plugins: [cypyx(options)]`.
import { unplugin } from './index.js';

export type { CypyxPluginOptions } from './options.js';
export const cypyx = unplugin.rollup;
export default cypyx;
