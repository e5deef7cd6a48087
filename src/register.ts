// `node --import cypyx/register app.mjs`: installs the .pyx loader hooks (loader-hook.ts).
import * as nodeModule from 'node:module';
import type { HookData } from './loader-hook.js';

if (typeof nodeModule.register !== 'function') {
  throw new Error(`cypyx/register needs Node >= 20.19 (module.register); this is Node ${process.version}`);
}

// Under `node --watch` (WATCH_REPORT_DEPENDENCIES and an IPC channel to the watcher),
// Node watches the .pyx files the hooks served; the files they cimport arrive from the
// hooks thread on this port and are passed to the watcher the way Node reports its own.
if (process.env.WATCH_REPORT_DEPENDENCIES && typeof process.send === 'function') {
  const { MessageChannel } = await import('node:worker_threads');
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (files: unknown) => {
    if (Array.isArray(files)) process.send?.({ 'watch:require': files });
  });
  port1.unref();
  const data: HookData = { watchPort: port2 };
  nodeModule.register('./loader-hook.js', import.meta.url, { data, transferList: [port2] });
} else {
  nodeModule.register('./loader-hook.js', import.meta.url);
}
