// stderr of a child process without the one notice `auto` prints when the native
// addon is not built (the tests must pass with and without the addon, SPEC §1.3).
export function withoutBackendNotice(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.startsWith('cypyx: native back end unavailable'))
    .join('\n');
}
