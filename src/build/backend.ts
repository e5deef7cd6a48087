// Which back end compiles a module: `backend` option > CYPYX_BACKEND > auto.
// auto = native when the addon loads, else the WebAssembly back end, with one notice
// saying why native is unavailable.
// CYPYX_FORCE_BACKEND overrides everything; it exists for the conformance ratchet,
// whose shared runner only passes native|wasm|auto through CYPYX_BACKEND.
import { loadAddon, addonLoadError, targetKey, type NativeAddon, type OptLevel } from '../native/addon.js';
import { noticeOnce } from '../cache/warn.js';

export type Backend = 'native' | 'wasm' | 'js';
export type BackendChoice = Backend | 'auto';

/** The native addon functions the build uses (injectable for tests). */
export interface NativeProvider {
  loadAddon(): NativeAddon | null;
  addonLoadError(): string | null;
  targetKey(addon: NativeAddon, optLevel?: OptLevel): string;
}

export const defaultNative: NativeProvider = { loadAddon, addonLoadError, targetKey };

export interface ResolvedBackend {
  backend: Backend;
  /** The loaded addon when backend is native. */
  addon: NativeAddon | null;
  requested: BackendChoice;
}

const CHOICES: readonly string[] = ['native', 'wasm', 'js', 'auto'];

export function requestedBackend(explicit?: string): { choice: BackendChoice; from: string } {
  const forced = process.env.CYPYX_FORCE_BACKEND;
  const [raw, from] = forced
    ? [forced, 'CYPYX_FORCE_BACKEND']
    : explicit
      ? [explicit, 'the backend option']
      : process.env.CYPYX_BACKEND
        ? [process.env.CYPYX_BACKEND, 'CYPYX_BACKEND']
        : ['auto', 'default'];
  const choice = raw.trim().toLowerCase();
  if (!CHOICES.includes(choice)) {
    throw new Error(`cypyx: unknown back end "${raw}" (from ${from}): expected native, wasm, js or auto`);
  }
  return { choice: choice as BackendChoice, from };
}

/** Why the addon is unavailable, on one line (require errors append a multi-line "Require stack"). */
function why(native: NativeProvider): string {
  const text = native.addonLoadError() ?? 'the native addon is not available';
  return text.split('\n')[0]!.replace(/^cypyx:\s*/, '');
}

export function resolveBackend(explicit?: string, native: NativeProvider = defaultNative): ResolvedBackend {
  const { choice, from } = requestedBackend(explicit);
  switch (choice) {
    case 'js':
      return { backend: 'js', addon: null, requested: choice };
    case 'wasm':
      return { backend: 'wasm', addon: null, requested: choice };
    case 'native': {
      const addon = native.loadAddon();
      if (!addon) throw new Error(`cypyx: the native back end was requested (by ${from}) but is unavailable: ${why(native)}`);
      return { backend: 'native', addon, requested: choice };
    }
    case 'auto': {
      const addon = native.loadAddon();
      if (addon) return { backend: 'native', addon, requested: choice };
      noticeOnce(
        'backend-auto-wasm',
        `cypyx: native back end unavailable (${why(native)}); using the WebAssembly back end instead. ` +
          'Set CYPYX_BACKEND=wasm to silence this notice.',
      );
      return { backend: 'wasm', addon: null, requested: choice };
    }
  }
}
