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

const COUNT_FLAGS: Record<
  string,
  'maxJobs' | 'maxParallelJobs' | 'parallelJobs'
> = {
  '--max-jobs': 'maxJobs',
  '--max-parallel-jobs': 'maxParallelJobs',
  '--parallel-jobs': 'parallelJobs'
};

const VALUE_FLAGS = [
  '-o',
  '--output',
  '--algorithms',
  ...Object.keys(COUNT_FLAGS)
];
const SWITCHES = ['--dry-run', '--json', '-h', '--help'];

/** Parse argv (without node and the script); 'help' when help is asked for. */
export function parseCliArgs(argv: ReadonlyArray<string>): ICliArgs | 'help' {
  const inputs: string[] = [];
  const seen = new Map<string, string | true>();
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositional || arg === '-' || !arg.startsWith('-')) {
      inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = canonical(eq > 0 ? arg.slice(0, eq) : arg);
    if (SWITCHES.includes(flag)) {
      if (eq > 0) {
        throw new CliUsageError(`${flag} takes no value.`);
      }
      if (flag === '-h' || flag === '--help') {
        return 'help';
      }
      remember(seen, flag, true);
    } else if (VALUE_FLAGS.includes(flag)) {
      let value: string | undefined;
      if (eq > 0) {
        value = arg.slice(eq + 1);
      } else {
        value = argv[++i];
      }
      if (value === undefined) {
        throw new CliUsageError(`${flag} needs a value.`);
      }
      remember(seen, flag, value);
    } else {
      throw new CliUsageError(`Unknown option ${arg}.${suggestion(flag)}`);
    }
  }
  if (inputs.length !== 1) {
    throw new CliUsageError(
      inputs.length === 0
        ? 'Give the notebook to trim.'
        : `Give one notebook only, not ${inputs.length}: ${inputs.join(' ')}.`
    );
  }
  const options: ITrimOptions = {};
  for (const [flag, field] of Object.entries(COUNT_FLAGS)) {
    const value = seen.get(flag);
    if (typeof value === 'string') {
      options[field] = count(flag, value);
    }
  }
  const algorithms = seen.get('--algorithms');
  if (typeof algorithms === 'string') {
    options.algorithms = algorithmList(algorithms);
  }
  const output = seen.get('--output');
  const json = seen.has('--json');
  if (output === '-' && json) {
    throw new CliUsageError(
      '--json and -o - would both write to standard output: write the notebook to a file, or drop --json.'
    );
  }
  return {
    input: inputs[0],
    output: typeof output === 'string' ? output : null,
    options,
    dryRun: seen.has('--dry-run'),
    json
  };
}

function canonical(flag: string): string {
  return flag === '-o' ? '--output' : flag;
}

function remember(
  seen: Map<string, string | true>,
  flag: string,
  value: string | true
): void {
  if (seen.has(flag)) {
    throw new CliUsageError(`${flag} is given twice; give it once.`);
  }
  seen.set(flag, value);
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

function suggestion(flag: string): string {
  const known = [...VALUE_FLAGS, ...SWITCHES].filter(f => f.startsWith('--'));
  const close = known.find(
    f => f.includes(flag.replace(/^-+/, '')) || flag.includes(f)
  );
  return close ? ` Did you mean ${close}?` : ' See autopilot-trim --help.';
}
