// cypyx/esbuild: `import cypyx from 'cypyx/esbuild'`, then `plugins: [cypyx(options)]`.
import { unplugin } from './index.js';

export type { CypyxPluginOptions } from './options.js';
export const cypyx = unplugin.esbuild;
export default cypyx;
