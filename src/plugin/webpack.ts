// cypyx/webpack: `import cypyx from 'cypyx/webpack'`, then `plugins: [cypyx(options)]`.
import { unplugin } from './index.js';

export type { CypyxPluginOptions } from './options.js';
export const cypyx = unplugin.webpack;
export default cypyx;
