// cypyx/vite: `import cypyx from 'cypyx/vite'`, then `plugins: [cypyx(options)]`.
import { unplugin } from './index.js';

export type { CypyxPluginOptions } from './options.js';
export const cypyx = unplugin.vite;
export default cypyx;
