// Paths and small helpers shared by the plugin modules.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CYPYX_ROOT } from '../cache/paths.js';

export interface PluginLocation {
  file: string;
  line: number;
  column: number;
}

/** The bare specifier browser glue imports the runtime by. */
export const RUNTIME_SPECIFIER = 'cypyx/runtime';
/** cypyx's built code (the runtime the glue imports lives here). */
export const DIST_DIR = join(CYPYX_ROOT, 'dist');
/** The bundled runtime module (`cypyx/runtime`). */
export const RUNTIME_FILE = join(DIST_DIR, 'runtime', 'index.js');
/** The wasm runtime (`cypyx/runtime/wasm` in browser glue; it imports ./index.js). */
export const WASM_RUNTIME_FILE = join(DIST_DIR, 'runtime', 'wasm.js');
/** file: URL prefix of cypyx's built code: node glue imports the runtime and the native loader by such URLs. */
export const DIST_URL_PREFIX = pathToFileURL(DIST_DIR).href + '/';

const PYX_RE = /\.pyx$/;

/** The .pyx file an id names (query and hash removed), or null. */
export function pyxFileOf(id: string): string | null {
  if (id.startsWith('\0')) return null;
  const clean = id.replace(/[?#].*$/, '');
  return PYX_RE.test(clean) ? clean : null;
}
