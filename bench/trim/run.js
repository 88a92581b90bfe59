#!/usr/bin/env node
/**
 * Benchmark of the notebook trimmer (rerunnable): `node bench/trim/run.js`
 * after `jlpm build:cli`.
 *
 * Every figure is a ratio to a floor measured in the same run on the same
 * text: JSON.parse plus JSON.stringify(…, null, 1), the least any exact
 * rewrite of the file must cost. Floor and trim alternate, after a warm-up,
 * and medians are kept. Results: a table on stdout, JSON in bench/results/.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib-cli/trim/index.js');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const FIXTURES = path.join(ROOT, 'src/trim/__tests__/fixtures');
const SIZES = [2500, 5000, 10000];

if (!fs.existsSync(LIB)) {
  console.error('bench/trim: build the CLI first: jlpm build:cli');
  process.exit(1);
}
const { trimNotebookText } = require(LIB);

function floor(text) {
  return JSON.stringify(JSON.parse(text), null, 1);
}

function trim(text) {
  return trimNotebookText(text, {}).output;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Median milliseconds of floor and trim on one text, alternating. */
function measure(text, runs, warmup) {
  for (let i = 0; i < warmup; i++) {
    floor(text);
    trim(text);
  }
  const f = [];
  const t = [];
  for (let i = 0; i < runs; i++) {
    let start = now();
    floor(text);
    f.push(now() - start);
    start = now();
    trim(text);
    t.push(now() - start);
  }
  return { floorMs: median(f), trimMs: median(t) };
}

function corpusFiles() {
  const dirs = ['candidate', 'exploration']
    .map(d => path.join(CORPUS, d))
    .filter(d => fs.existsSync(d));
  const from = dirs.length ? dirs : [FIXTURES];
  return from.flatMap(d =>
    fs
      .readdirSync(d)
      .filter(f => f.endsWith('.ipynb'))
      .sort()
      .map(f => path.join(d, f))
  );
}

/** A deterministic stream of pseudo-random numbers (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A candidate notebook grown to `cells` cells: the generated candidates and
 * tuner of a real notebook, then executed code cells whose outputs (logs,
 * HTML tables, ANSI tracebacks) repeat candidate names and max_jobs=250, and
 * markdown with emoji and Hangul. With `floats`, outputs carry Python floats
 * such as 0.5 and 1e-05, which native JSON cannot write back exactly.
 */
function generated(base, cells, floats) {
  const rng = random(cells);
  const nb = JSON.parse(base);
  const filler = [];
  for (let i = 0; filler.length + nb.cells.length < cells; i++) {
    if (i % 4 === 3) {
      filler.push({
        cell_type: 'markdown',
        metadata: {},
        source: [
          `## Step ${i} 💡 분석\n`,
          '\n',
          `Compare **[dpp${i % 9}-xgboost]** with the baseline.`
        ]
      });
      continue;
    }
    const n = Math.floor(rng() * 1000);
    const outputs = [
      {
        name: 'stdout',
        output_type: 'stream',
        text: [
          `INFO tuning job ${n}: HyperparameterTuner.create(max_jobs=250, max_parallel_jobs=7)\n`,
          `[${i}] dpp${n % 7}-linear-learner validation:accuracy ${n}\n`
        ]
      },
      {
        data: {
          'text/html': [
            `<table><tr><td>dpp${n % 5}-mlp</td><td>${n}</td></tr></table>`
          ],
          'text/plain': [`   dpp${n % 5}-mlp  ${n}`]
        },
        execution_count: i,
        metadata: floats ? { score: n / 7, tiny: 1e-5, big: 1e16 } : {},
        output_type: 'execute_result'
      }
    ];
    if (i % 10 === 0) {
      outputs.push({
        ename: 'ValueError',
        evalue: 'max_jobs=250 exceeds the account quota',
        output_type: 'error',
        traceback: [
          '\u001b[0;31mValueError\u001b[0m Traceback (most recent call last)',
          `\u001b[0;32m<ipython-input-${i}>\u001b[0m in \u001b[0;36m<module>\u001b[0m`
        ]
      });
    }
    filler.push({
      cell_type: 'code',
      execution_count: i,
      metadata: { tags: [] },
      outputs,
      source: [
        `df_${i} = tuner_analytics.dataframe()\n`,
        `df_${i}.head(${n % 10})`
      ]
    });
  }
  nb.cells.push(...filler);
  return JSON.stringify(nb, null, 1) + '\n';
}

function baseNotebook(files) {
  const withTuner = files.find(f => {
    const text = fs.readFileSync(f, 'utf8');
    return (
      text.includes('HyperparameterTuner.create(') && text.includes('dpp1-')
    );
  });
  return fs.readFileSync(
    withTuner || path.join(FIXTURES, 'hpo-classic.ipynb'),
    'utf8'
  );
}

function main() {
  const files = corpusFiles();
  const rows = [];
  const corpus = files.map(f => {
    const text = fs.readFileSync(f, 'utf8');
    return {
      file: path.relative(ROOT, f),
      bytes: Buffer.byteLength(text),
      ...measure(text, 21, 5)
    };
  });
  const sum = k => corpus.reduce((s, r) => s + r[k], 0);
  const ratios = corpus.map(r => r.trimMs / r.floorMs);
  rows.push({
    case: `corpus, ${corpus.length} notebooks (total)`,
    cells: '-',
    mb: sum('bytes') / 1e6,
    floorMs: sum('floorMs'),
    trimMs: sum('trimMs')
  });
  const base = baseNotebook(files);
  const generatedRows = [];
  for (const floats of [false, true]) {
    for (const cells of floats ? [10000] : SIZES) {
      const text = generated(base, cells, floats);
      const r = measure(text, 9, 3);
      const row = {
        case: `generated${floats ? ', floats in outputs' : ''}`,
        cells,
        mb: Buffer.byteLength(text) / 1e6,
        ...r
      };
      rows.push(row);
      generatedRows.push(row);
    }
  }
  for (const r of rows) {
    r.ratio = r.trimMs / r.floorMs;
  }
  const table = [
    ['case', 'cells', 'MB', 'floor ms', 'trim ms', 'ratio'],
    ...rows.map(r => [
      r.case,
      String(r.cells),
      r.mb.toFixed(2),
      r.floorMs.toFixed(2),
      r.trimMs.toFixed(2),
      r.ratio.toFixed(3)
    ])
  ];
  const widths = table[0].map((_, c) =>
    Math.max(...table.map(row => row[c].length))
  );
  for (const row of table) {
    console.log(
      row
        .map((cell, c) =>
          c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])
        )
        .join('  ')
    );
  }
  const plain = generatedRows.filter(r => r.case === 'generated');
  const perCell = plain.map(r => (r.trimMs / r.cells) * 1000);
  console.log(
    `\ncorpus per-notebook ratio: median ${median(ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}` +
      `\nlinearity: trim µs per cell at ${plain.map(r => r.cells).join('/')} cells: ${perCell.map(x => x.toFixed(2)).join(' / ')}`
  );
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(
    outDir,
    `trim-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  );
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        node: process.version,
        date: new Date().toISOString(),
        rows,
        corpus,
        corpusRatioMedian: median(ratios)
      },
      null,
      2
    ) + '\n'
  );
  console.log(`results: ${path.relative(ROOT, out)}`);
}

main();
