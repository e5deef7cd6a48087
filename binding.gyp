# The cypyx native addon: node-addon-api over the system LLVM 14 C API (SPEC §4, §7).
# LLVM_CONFIG (set by scripts/build-addon.mjs) names llvm-config; default llvm-config-14.
# Only --includedir, --libdir and --libs are used: `llvm-config --cxxflags` would force
# -std=c++14 -fno-exceptions onto node-gyp's flags.
#
# Default: static link of the needed LLVM components (a ~44 MB .node that loads in
# ~5 ms; the cache-hit import path pays this). CYPYX_STATIC_LLVM=0: dynamic link
# against libLLVM-14.so with an rpath (~18 ms to load, smaller, slightly faster build).
{
  'variables': {
    'llvm_config%': '<!(node -p "process.env.LLVM_CONFIG || \'llvm-config-14\'")',
    'static_llvm%': '<!(node -p "process.env.CYPYX_STATIC_LLVM === \'0\' ? 0 : 1")',
  },
  'targets': [
    {
      'target_name': 'cypyx_native',
      'sources': [ 'src/addon-shim/addon.cc' ],
      'dependencies': [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api",
      ],
      'include_dirs': [ '<!(<(llvm_config) --includedir)' ],
      'defines': [ 'NAPI_VERSION=8' ],
      'conditions': [
        ['static_llvm==1', {
          'ldflags': [ '-Wl,--exclude-libs,ALL', '-Wl,--gc-sections' ],
          'libraries': [
            '-L<!(<(llvm_config) --libdir)',
            '-Wl,--start-group',
            '<!@(<(llvm_config) --link-static --libs orcjit native passes irreader object)',
            '-Wl,--end-group',
            '<!@(<(llvm_config) --link-static --system-libs)',
          ],
        }, {
          'libraries': [
            '-L<!(<(llvm_config) --libdir)',
            '-lLLVM-14',
            '-Wl,-rpath,<!(<(llvm_config) --libdir)',
          ],
        }],
      ],
    },
  ],
}
