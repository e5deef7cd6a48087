// Loads a module's native object into the process-wide JIT. Called by the glue when it
// is evaluated, so on the thread that will call the functions (the main thread, or the
// worker that imported the module). Each object is loaded once per thread: importing the
// same compiled module again (another URL, a re-import) reuses the loaded code.
import { readFileSync } from 'node:fs';
import { addonLoadError, loadAddon, type LoadedObject } from '../native/addon.js';

const loaded = new Map<string, LoadedObject>();

function readObject(objectFile: string): Uint8Array {
  // The cache's memory fallback embeds the object in the glue as a data: URL.
  if (objectFile.startsWith('data:')) {
    const comma = objectFile.indexOf(',');
    return Buffer.from(objectFile.slice(comma + 1), 'base64');
  }
  return readFileSync(objectFile);
}

/**
 * Loads `objectFile` (a cached object path, or a data: URL) and returns the JS
 * functions for `symbols` (N-API wrappers and the state accessor).
 */
export function loadNative(objectFile: string, symbols: string[]): LoadedObject {
  const hit = loaded.get(objectFile);
  if (hit) return hit;
  const addon = loadAddon();
  if (!addon) {
    throw new Error(
      `cypyx: this module was compiled for the native back end, but the native addon cannot be loaded: ${addonLoadError() ?? 'unknown reason'}`,
    );
  }
  const obj = addon.load(readObject(objectFile), symbols);
  loaded.set(objectFile, obj);
  return obj;
}
