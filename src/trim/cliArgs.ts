import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ITrimOptions } from './types';

/** What the command line asks for. */
export interface ICliArgs {
  input: string;
  /** A path, '-' for standard output, or null to rewrite the input in place. */
  output: string | null;
  options: ITrimOptions;
  dryRun: boolean;
  json: boolean;
}

/** Bad usage: exit status 2, with the message and a pointer to --help. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `usage: autopilot-trim INPUT [-o OUTPUT|-] [--max-jobs N] [--max-parallel-jobs N]
                      [--parallel-jobs N] [--algorithms a,b] [--dry-run] [--json]

Trim a SageMaker Autopilot candidate definition notebook to a small experiment:
keep, per algorithm, the active dppN-<algorithm> candidate with the lowest N,
and set the tuner's max_jobs and max_parallel_jobs.

  INPUT                   the candidate definition notebook (.ipynb)
  -o, --output OUTPUT     write the trimmed notebook to OUTPUT ('-': standard
                          output); without it INPUT is rewritten in place,
                          only if something changes
  --max-jobs N            max_jobs of HyperparameterTuner.create (default 8)
  --max-parallel-jobs N   max_parallel_jobs (default 4, at most max_jobs)
  --parallel-jobs N       set fit_data_transformers(parallel_jobs=N);
                          left as it is when not given
  --algorithms a,b        keep candidates of these algorithms only, e.g.
                          xgboost,linear-learner (default: every algorithm)
  --dry-run               write nothing; say what would change
  --json                  print the plan as JSON on standard output
  -h, --help              show this help

Exit status: 0 done or nothing to do, 1 unreadable file or invalid notebook,
2 bad usage or values, 3 not a multi-algorithm candidate notebook.`;

/** The options, as `node:util` `parseArgs` takes them. */
const OPTIONS = {
  output: { type: 'string', short: 'o' },
  'max-jobs': { type: 'string' },
  'max-parallel-jobs': { type: 'string' },
  'parallel-jobs': { type: 'string' },
  algorithms: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options'];

type OptionName = Extract<keyof typeof OPTIONS, string>;

const COUNT_OPTIONS: Record<
  string,
  'maxJobs' | 'maxParallelJobs' | 'parallelJobs'
> = {
  'max-jobs': 'maxJobs',
  'max-parallel-jobs': 'maxParallelJobs',
  'parallel-jobs': 'parallelJobs'
};

/**
 * Parse argv (without node and the script); 'help' when help is asked for.
 *
 * `parseArgs` reads the command line (`--flag=value`, `-o value`, `-ofile`,
 * `--`); it runs non-strict and hands over its tokens, so that the errors
 * keep our wording: an unknown option gets a "Did you mean", an option given
 * twice is refused rather than the last one winning.
 */
export function parseCliArgs(argv: ReadonlyArray<string>): ICliArgs | 'help' {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true
  });
  const inputs: string[] = [];
  const seen = new Map<OptionName, string | true>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      inputs.push(token.value);
      continue;
    }
    if (token.kind !== 'option') {
      continue; // `--`: what follows is positional, parseArgs knows.
    }
    if (!(token.name in OPTIONS)) {
      throw new CliUsageError(
        `Unknown option ${token.rawName}.${suggestion(token.name)}`
      );
    }
    const name = token.name as OptionName;
    const flag = `--${name}`;
    if (OPTIONS[name].type === 'boolean') {
      if (token.value !== undefined) {
        throw new CliUsageError(`${flag} takes no value.`);
      }
      if (name === 'help') {
        return 'help';
      }
    } else if (token.value === undefined) {
      throw new CliUsageError(`${flag} needs a value.`);
    }
    if (seen.has(name)) {
      throw new CliUsageError(`${flag} is given twice; give it once.`);
    }
    seen.set(name, token.value ?? true);
  }
  if (inputs.length !== 1) {
    throw new CliUsageError(
      inputs.length === 0
        ? 'Give the notebook to trim.'
        : `Give one notebook only, not ${inputs.length}: ${inputs.join(' ')}.`
    );
  }
  const options: ITrimOptions = {};
  for (const [name, field] of Object.entries(COUNT_OPTIONS)) {
    const value = seen.get(name as OptionName);
    if (typeof value === 'string') {
      options[field] = count(`--${name}`, value);
    }
  }
  const algorithms = seen.get('algorithms');
  if (typeof algorithms === 'string') {
    options.algorithms = algorithmList(algorithms);
  }
  const output = seen.get('output');
  const json = seen.has('json');
  if (output === '-' && json) {
    throw new CliUsageError(
      '--json and -o - would both write to standard output: write the notebook to a file, or drop --json.'
    );
  }
  return {
    input: inputs[0],
    output: typeof output === 'string' ? output : null,
    options,
    dryRun: seen.has('dry-run'),
    json
  };
}

function count(flag: string, value: string): number {
  if (!/^[0-9]+$/.test(value.trim())) {
    throw new CliUsageError(
      `${flag} needs a whole number of at least 1, not ${JSON.stringify(value)}.`
    );
  }
  return Number(value.trim());
}

function algorithmList(value: string): string[] {
  const names = value.split(',').map(s => s.trim());
  if (names.some(s => s === '')) {
    throw new CliUsageError(
      `--algorithms needs names separated by commas, such as xgboost,linear-learner, not ${JSON.stringify(value)}.`
    );
  }
  return names;
}

function suggestion(name: string): string {
  const close = Object.keys(OPTIONS).find(
    known => known.includes(name) || name.includes(known)
  );
  return close ? ` Did you mean --${close}?` : ' See autopilot-trim --help.';
}
