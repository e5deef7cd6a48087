// Builds the native addon (src/addon-shim) with node-gyp against the system LLVM 14.
// A failed build is not fatal: cypyx then runs without the native back end and says so
// once at run time. Set CYPYX_REQUIRE_ADDON=1 to make a failure fatal (CI does).
// The LLVM components are linked statically by default (see binding.gyp): a ~44 MB .node
// that loads in ~5 ms instead of ~18 ms, for ~1.5 s more build time. CYPYX_STATIC_LLVM=0
// links libLLVM-14.so dynamically instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'binding.gyp'))) process.exit(0);
const llvmConfig = ['llvm-config-14', 'llvm-config'].find(
  (c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0,
);
if (!llvmConfig) {
  console.warn('cypyx: llvm-config (LLVM 14) not found; the native back end is not built.');
  process.exit(process.env.CYPYX_REQUIRE_ADDON === '1' ? 1 : 0);
}
const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
// Use the headers installed next to this node (e.g. /usr/include/node) when present, so the
// build needs no network access to download them.
const args = [gyp, 'rebuild', '--silent'];
const prefix = dirname(dirname(process.execPath));
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const r = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, LLVM_CONFIG: llvmConfig },
});
if (r.status !== 0) {
  console.warn('cypyx: the native addon failed to build; the native back end is unavailable.');
  process.exit(process.env.CYPYX_REQUIRE_ADDON === '1' ? 1 : 0);
}
