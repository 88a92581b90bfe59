import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ITrimOptions, NotebookReadError, trimNotebookText } from '../index';
import { parsePythonJson, stringifyPythonJson } from '../json/pythonJson';
import { FIXTURES, body } from './helpers';

/**
 * Thousands of random mutations of real notebooks (of the fixtures when the
 * shared corpus is absent): the trimmer must never fail other than with a
 * NotebookReadError, and any output must be a valid notebook in Jupyter's
 * layout that a second run leaves byte for byte.
 */

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
const CASES = 3000;
const SEED = 20240611;

function sources(): string[] {
  const dirs = [
    path.join(CORPUS, 'candidate'),
    path.join(CORPUS, 'exploration')
  ].filter(d => fs.existsSync(d));
  const from = dirs.length > 0 ? dirs : [FIXTURES];
  return from.flatMap(d =>
    fs
      .readdirSync(d)
      .filter(f => f.endsWith('.ipynb'))
      .sort()
      .map(f => fs.readFileSync(path.join(d, f), 'utf8'))
  );
}

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: ReadonlyArray<T>): T => xs[int(rng, xs.length)];

const JUNK: unknown[] = [
  null,
  42,
  'cell',
  [],
  {},
  { cell_type: 'code', source: 5 },
  { cell_type: 'markdown', source: ['**[dpp9-xgboost](x)**', 7] },
  { cell_type: 'raw', source: 'automl_interactive_runner.select_candidate(' },
  {
    cell_type: 'code',
    metadata: { x: 1.5 },
    outputs: [],
    source: 'HyperparameterTuner.create('
  },
  { cell_type: 'markdown', source: '**[dpp01-mlp](y)**' },
  {
    cell_type: 'code',
    source: 'automl_interactive_runner.select_candidate({"x": 1})  # dpp'
  }
];

/** Mutations of the parsed notebook. */
const TREE_MUTATIONS: ((nb: any, rng: Rng) => void)[] = [
  (nb, rng) => {
    for (let k = int(rng, 6); k >= 0; k--) {
      const i = int(rng, nb.cells.length);
      const j = int(rng, nb.cells.length);
      [nb.cells[i], nb.cells[j]] = [nb.cells[j], nb.cells[i]];
    }
  },
  nb => {
    for (const c of nb.cells) {
      if (c && Array.isArray(c.source)) {
        c.source = c.source.join('');
      }
    }
  },
  nb => {
    for (const c of nb.cells) {
      if (c && typeof c.source === 'string') {
        c.source = c.source.replace(/\n/g, '\r\n');
      } else if (c && Array.isArray(c.source)) {
        c.source = c.source.map((l: unknown) =>
          typeof l === 'string' ? l.replace(/\n$/, '\r\n') : l
        );
      }
    }
  },
  (nb, rng) => {
    for (let k = int(rng, 4); k >= 0; k--) {
      nb.cells.splice(int(rng, nb.cells.length + 1), 0, pick(rng, JUNK));
    }
  },
  (nb, rng) => {
    nb.cells.length = int(rng, nb.cells.length + 1);
  },
  (nb, rng) => {
    const c = pick(rng, nb.cells) as any;
    if (c && c.source !== undefined) {
      const text = Array.isArray(c.source)
        ? c.source.join('')
        : String(c.source);
      c.source = text
        .split('\n')
        .map((l: string) => (rng() < 0.5 ? '# ' + l : l))
        .join('\n');
    }
  },
  nb => {
    for (const c of nb.cells) {
      const text =
        c && (Array.isArray(c.source) ? c.source.join('') : c.source);
      if (typeof text === 'string' && text.includes('max_jobs')) {
        c.source = text.replace(/\n\s*max_jobs=\d+,?/, '');
      }
    }
  },
  (nb, rng) => {
    nb.metadata = {
      ...nb.metadata,
      fuzz: [1.0, 1e-5, 2 ** 60, -0, 0.1 * int(rng, 9)],
      '7': { '3': 1, a: 2 }
    };
  },
  (nb, rng) => {
    const c = pick(rng, nb.cells) as any;
    if (c && typeof c === 'object') {
      nb.cells.push(JSON.parse(JSON.stringify(c)));
    }
  }
];

/** Mutations of the text. */
const TEXT_MUTATIONS: ((text: string, rng: Rng) => string)[] = [
  (text, rng) => text.slice(0, int(rng, text.length)),
  (text, rng) => {
    const at = int(rng, text.length);
    return (
      text.slice(0, at) +
      String.fromCharCode(int(rng, 0x3000)) +
      text.slice(at + 1)
    );
  },
  text => text.replace(/\n/g, '\r\n'),
  text => text.replace(/\n$/, ''),
  (text, rng) => {
    const at = int(rng, text.length);
    return (
      text.slice(0, at) +
      pick(rng, ['NaN', '1.0', '"', ',', '}', '\\u', '\u0000']) +
      text.slice(at)
    );
  }
];

function mutate(text: string, rng: Rng): string {
  let out = text;
  if (rng() < 0.85) {
    const nb = parsePythonJson(text).value as any;
    for (let k = 1 + int(rng, 3); k > 0; k--) {
      pick(rng, TREE_MUTATIONS)(nb, rng);
    }
    out =
      rng() < 0.7
        ? JSON.stringify(nb, null, 1) + '\n'
        : JSON.stringify(nb, null, rng() < 0.5 ? 2 : undefined);
  }
  if (rng() < 0.3) {
    out = pick(rng, TEXT_MUTATIONS)(out, rng);
  }
  return out;
}

function options(rng: Rng): ITrimOptions {
  const maxJobs = 1 + int(rng, 20);
  return {
    maxJobs,
    maxParallelJobs: rng() < 0.5 ? undefined : 1 + int(rng, maxJobs),
    parallelJobs: rng() < 0.5 ? undefined : 1 + int(rng, 8),
    algorithms:
      rng() < 0.7
        ? undefined
        : pick(rng, [
            ['xgboost'],
            ['mlp', 'linear-learner'],
            ['xgboost', 'svm']
          ])
  };
}

describe('fuzz: trimNotebookText on mutated notebooks', () => {
  it(`never fails unexpectedly (${CASES} cases, seed ${SEED})`, () => {
    const rng = random(SEED);
    const notebooks = sources();
    const outputs: string[] = [];
    const counts = { trimmed: 0, refused: 0, unreadable: 0 };
    for (let n = 0; n < CASES; n++) {
      const input = mutate(pick(rng, notebooks), rng);
      const opts = options(rng);
      let result;
      try {
        result = trimNotebookText(input, opts);
      } catch (error) {
        if (error instanceof NotebookReadError) {
          counts.unreadable++;
          continue;
        }
        throw new Error(`case ${n}: ${error}\n${input.slice(0, 300)}`);
      }
      if (result.output === null) {
        expect(result.plan.kind).toBe('refuse');
        counts.refused++;
        continue;
      }
      counts.trimmed++;
      const output = result.output;
      const parsed = parsePythonJson(output);
      expect(stringifyPythonJson(parsed.value, parsed.keyOrder)).toBe(
        body(output)
      );
      expect(output.endsWith('\n')).toBe(
        input.replace(/^\ufeff/, '').endsWith('\n')
      );
      const again = trimNotebookText(output, opts);
      if (again.output !== output) {
        fs.writeFileSync(
          path.join(os.tmpdir(), 'trim-fuzz-failure.ipynb'),
          input
        );
        throw new Error(`case ${n}: a second run changed the output`);
      }
      if (outputs.length < 150 && n % 7 === 0) {
        outputs.push(output);
      }
    }
    // Every outcome is exercised, not just one.
    expect(counts.trimmed).toBeGreaterThan(CASES / 10);
    expect(counts.refused).toBeGreaterThan(CASES / 50);
    expect(counts.unreadable).toBeGreaterThan(CASES / 50);
    expectPythonLayout(outputs);
  }, 120000);
});

/** Python agrees that each output is in its own layout (when python3 exists). */
function expectPythonLayout(outputs: string[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trim-fuzz-'));
  try {
    outputs.forEach((o, i) =>
      fs.writeFileSync(path.join(dir, `${i}.ipynb`), o)
    );
    const script =
      'import json,os,sys\n' +
      'd=sys.argv[1]; bad=[]\n' +
      'for f in sorted(os.listdir(d)):\n' +
      ' t=open(os.path.join(d,f),encoding="utf-8").read()\n' +
      ' b=t[:-1] if t.endswith("\\n") else t\n' +
      ' if json.dumps(json.loads(t),indent=1,ensure_ascii=False)!=b: bad.append(f)\n' +
      'print(" ".join(bad))';
    const r = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
    if (r.error) {
      return;
    }
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
