#!/usr/bin/env node
// The `cypyx` command. This file only parses the command line; each command's module (and
// through it the compiler) is imported when that command runs, so `cypyx --help` and
// `cypyx cache ls` start fast.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OptionSpec } from './args.js';

export interface Command {
  summary: string;
  usage: string;
  help: string;
  spec: OptionSpec;
  load(): Promise<{ run(positionals: string[], options: Record<string, string | boolean>): Promise<number> }>;
}

const COMMON = `
Common options:
  --backend <b>      native | wasm | js | auto (default: $CYPYX_BACKEND, else auto)
  --cache-dir <dir>  cache directory (default: $CYPYX_CACHE_DIR, else
                     <package root>/node_modules/.cache/cypyx)
  -h, --help         this help`;

export const COMMANDS: Record<string, Command> = {
  build: {
    summary: 'compile .pyx files ahead of time (into the cache or --out)',
    usage: 'cypyx build [files|dirs...] [--out <dir>] [--force] [--quiet]',
    help: `Compiles every .pyx given (directories are searched recursively, skipping
node_modules and hidden directories; default: the current directory) exactly as
importing it would, and stores the artifacts (native object or wasm, JS glue) in the
content-hash cache, so the first import at run time loads them without compiling.
A progress bar is shown on a terminal; otherwise one line per file.

Options:
  -o, --out <dir>    write the artifacts to <dir> instead of the default cache: <dir> is a
                     cache directory (run the app with CYPYX_CACHE_DIR=<dir>); a manifest
                     <dir>/cypyx-build.json lists each module's key and artifacts
  -f, --force        rebuild even when the cache has an entry
  -q, --quiet        print only errors and the summary
  --json             print the results as JSON
${COMMON}

Exit code: 0 when every file compiled, 1 otherwise.
Example:  cypyx build src/kernels --out .cypyx-cache`,
    spec: { values: ['out', 'backend', 'cache-dir'], flags: ['force', 'quiet', 'json'], alias: { o: 'out', f: 'force', q: 'quiet' } },
    load: () => import('./commands/build.js'),
  },
  check: {
    summary: 'report compile errors (no code generation); exit code 1 on errors',
    usage: 'cypyx check [files|dirs...] [--tiers]',
    help: `Parses and type-checks every .pyx given (default: the current directory) and prints
each error as  path:line:col: error: message, with the source line, a caret under the
column and a hint. Nothing is compiled to machine code and nothing is cached.

Options:
  --tiers            also list functions that run as generic (Python-semantics) code
                     and why, as notes
  --json             print the diagnostics as JSON
  -h, --help         this help

Exit code: 0 when no file has errors, 1 otherwise (for CI).
Example:  cypyx check src/`,
    spec: { flags: ['tiers', 'json'] },
    load: () => import('./commands/check.js'),
  },
  types: {
    summary: 'write TypeScript declarations (m.pyx.d.ts) beside each module',
    usage: 'cypyx types [files|dirs...] [--stdout]',
    help: `Writes m.pyx.d.ts beside each m.pyx (default: every .pyx under the current directory)
so that TypeScript sees the exports' parameter and return types:
  def dot(double[:] x, double[:] y)  →  dot(x: Float64Array | NDArrayLike<Float64Array>, ...): number
C ints → number (64-bit: number | bigint), double → number, bint → boolean,
T[:] → the matching TypedArray, T[:, :] → NDArrayLike / NDArray, str → string, ...;
parameters with defaults are optional, keyword arguments are a last Kwargs<{...}>
argument (made by kwargs() from 'cypyx'), cpdef enums are const objects, docstrings
become JSDoc. A file is rewritten only when its text changes.

TypeScript resolves \`import ... from './m.pyx'\` to m.pyx.d.ts with
"moduleResolution": "bundler" (or node10); with "node16"/"nodenext" also set
"allowArbitraryExtensions": true (cypyx then writes m.d.pyx.ts as well, --arbitrary).

Options:
  --stdout           print the declarations instead of writing files
  --arbitrary        also write m.d.pyx.ts (for allowArbitraryExtensions)
  --check            write nothing; exit 1 if a declaration file is missing or stale
  -h, --help         this help
Example:  cypyx types src/kernel.pyx`,
    spec: { flags: ['stdout', 'arbitrary', 'check'] },
    load: () => import('./commands/types.js'),
  },
  annotate: {
    summary: 'HTML report of how much generic or checked code each line produced',
    usage: 'cypyx annotate <file.pyx> [-o out.html]',
    help: `Writes an HTML page like \`cython -a\`: each source line is shaded by the code it
produced — lines of functions that run as generic code (Python semantics on JS
values) are dark, lines with bounds, wraparound or zero-division checks lighter, pure C
lines white. Click a line to expand the IR generated for it, and for natively compiled
functions the function's LLVM IR.

Options:
  -o, --out <file>   where to write the page (default: <file>.html beside the .pyx)
  --stdout           print the page instead of writing it
  -h, --help         this help
Example:  cypyx annotate kernel.pyx -o kernel.html`,
    spec: { values: ['out'], flags: ['stdout'], alias: { o: 'out' } },
    load: () => import('./commands/annotate.js'),
  },
  cache: {
    summary: 'list, inspect or clear the compile cache (ls | info | clear)',
    usage: 'cypyx cache <ls|info|clear> [--dir <dir>] [--json]',
    help: `  cypyx cache ls      one line per cached module: key, back end, size, age, source
  cypyx cache info    the cache directory, entries, total size, unusable entries
  cypyx cache clear   remove every cypyx file in the cache directory

Options:
  --dir <dir>        the cache directory (default: $CYPYX_CACHE_DIR, else
                     <package root of the current directory>/node_modules/.cache/cypyx)
  --json             machine-readable output
  -h, --help         this help`,
    spec: { values: ['dir', 'cache-dir'], flags: ['json'] },
    load: () => import('./commands/cache.js'),
  },
};

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

function mainHelp(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return `cypyx ${version()} — import Cython .pyx files from JavaScript

Usage: cypyx <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([n, c]) => `  ${n.padEnd(w)}  ${c.summary}`)
  .join('\n')}
  ${'help'.padEnd(w)}  help for a command (cypyx help <command>, or cypyx <command> --help)

Run programs with:  node --import cypyx/register app.mjs
Environment: CYPYX_BACKEND=native|wasm|js|auto, CYPYX_CACHE_DIR=<dir>
`;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help') {
    process.stdout.write(mainHelp());
    return cmd === undefined ? 1 : 0;
  }
  if (cmd === '-v' || cmd === '--version' || cmd === 'version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (cmd === 'help') {
    const c = rest[0] ? COMMANDS[rest[0]] : undefined;
    if (rest[0] && !c) {
      process.stderr.write(`cypyx: unknown command '${rest[0]}'\n\n${mainHelp()}`);
      return 2;
    }
    process.stdout.write(c ? `Usage: ${c.usage}\n\n${c.help}\n` : mainHelp());
    return 0;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    process.stderr.write(`cypyx: unknown command '${cmd}'\n\n${mainHelp()}`);
    return 2;
  }
  const { parseArgs, UsageError } = await import('./args.js');
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(rest, c.spec);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cypyx ${cmd}: ${e.message}\nUsage: ${c.usage}\n(cypyx ${cmd} --help for more)\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.options['help']) {
    process.stdout.write(`Usage: ${c.usage}\n\n${c.help}\n`);
    return 0;
  }
  const mod = await c.load();
  try {
    return await mod.run(parsed.positionals, parsed.options);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cypyx ${cmd}: ${e.message}\nUsage: ${c.usage}\n`);
      return 2;
    }
    throw e;
  }
}

const isMain = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  // `cypyx cache ls | head`: a closed pipe ends the command quietly
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`cypyx: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
