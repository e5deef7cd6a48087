// A small argv parser: `--flag`, `--key value`, `--key=value`, `-o value`, positionals.
export interface OptionSpec {
  /** Options that take a value (long names without dashes; short aliases map to them). */
  values?: string[];
  /** Boolean flags. */
  flags?: string[];
  /** Short alias → long name, e.g. { o: 'out', h: 'help' }. */
  alias?: Record<string, string>;
}

export interface Parsed {
  positionals: string[];
  options: Record<string, string | boolean>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): Parsed {
  const values = new Set(spec.values ?? []);
  const flags = new Set([...(spec.flags ?? []), 'help']);
  const alias = { h: 'help', ...spec.alias };
  const positionals: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      let name: string;
      let inline: string | undefined;
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        name = eq < 0 ? a.slice(2) : a.slice(2, eq);
        inline = eq < 0 ? undefined : a.slice(eq + 1);
      } else {
        name = alias[a.slice(1, 2) as keyof typeof alias] ?? a.slice(1, 2);
        inline = a.length > 2 ? a.slice(2) : undefined;
      }
      if (flags.has(name)) {
        if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
        options[name] = true;
      } else if (values.has(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`option --${name} needs a value`);
        options[name] = v;
      } else if (name.startsWith('no-') && flags.has(name.slice(3))) {
        options[name.slice(3)] = false;
      } else {
        throw new UsageError(`unknown option ${a}`);
      }
      continue;
    }
    positionals.push(a);
  }
  return { positionals, options };
}
