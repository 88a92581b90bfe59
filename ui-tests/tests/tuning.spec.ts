/**
 * The Tuning step in Chromium against the sandbox, through the real
 * signing proxy, no kernel: a tuning job made with the request
 * `HyperparameterTuner.create` sends for two algorithm definitions, then
 * watched in the panel, its leaderboard filling as trials finish, and its
 * CSV export compared with the sandbox's training jobs.
 *
 * The job is created the way the candidate notebook's kernel creates it:
 * straight at the (sandbox's) SageMaker endpoint, with the kernel's own
 * credentials, not through the proxy, which forwards only what the
 * extension itself calls (it never creates a tuning job). Everything the
 * panel then reads goes through the proxy.
 */
import { expect, test } from '@jupyterlab/galata';
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { IN_KOREAN, ko } from './helpers/korean';
import { ok } from './helpers/DeploymentHelper';
import { PanelHelper } from './helpers/PanelHelper';
import { clearFaults, injectFault, reportedFaults } from './helpers/sandbox';
import {
  datasetByCommands,
  trimmedCandidateNotebook
} from './helpers/workflow';

test.use({ autoGoto: true, viewport: { width: 1280, height: 1000 } });

test.afterEach(async () => {
  await clearFaults();
});

const SECTION = '#jp-autopilot-section-tuning';
const BOARD = '#jp-autopilot-leaderboard';
const ROWS = `${BOARD} .jp-autopilot-Leaderboard-table tbody tr`;
const MAX_JOBS = 6;
/** The charts' job: enough trials, one at a time, to finish while the chart is open. */
const CHART_JOBS = 20;
/** Where the training jobs write their models (the sandbox really writes them). */
const BUCKET = 'autopilot-tuning-ui';

/** A SageMaker call through the proxy, as the SDK's request handler would make it. */
async function sagemaker(
  page: IJupyterLabPageFixture,
  action: string,
  body: Record<string, unknown>
): Promise<any> {
  const response = await page.request.post('/autopilot/aws/sagemaker/', {
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `SageMaker.${action}`
    },
    data: JSON.stringify(body)
  });
  if (!response.ok()) {
    throw new Error(`${action}: ${await response.text()}`);
  }
  return response.json();
}

/** One definition as the SDK writes it for a candidate notebook's estimator. */
function definition(name: string, metric: string, role: string) {
  const base = `s3://${BUCKET}/tuning-ui`;
  return {
    DefinitionName: name,
    TuningObjective: { Type: 'Maximize', MetricName: metric },
    HyperParameterRanges: {
      IntegerParameterRanges: [
        {
          Name: 'max_depth',
          MinValue: '2',
          MaxValue: '8',
          ScalingType: 'Logarithmic'
        }
      ],
      ContinuousParameterRanges: [
        {
          Name: 'eta',
          MinValue: '0.001',
          MaxValue: '1.0',
          ScalingType: 'Logarithmic'
        }
      ],
      CategoricalParameterRanges: []
    },
    StaticHyperParameters: { objective: 'binary:logistic' },
    AlgorithmSpecification: {
      TrainingImage:
        '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1-cpu-py3',
      TrainingInputMode: 'File'
    },
    RoleArn: role,
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: `${base}/transformed/${name}`
          }
        }
      }
    ],
    OutputDataConfig: { S3OutputPath: `${base}/tuning` },
    ResourceConfig: {
      InstanceType: 'ml.m5.4xlarge',
      InstanceCount: 1,
      VolumeSizeInGB: 50
    },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 }
  };
}

async function createTuningJob(
  page: IJupyterLabPageFixture,
  name: string,
  limits = { maxJobs: MAX_JOBS, parallel: 2 }
): Promise<void> {
  const context = await (await page.request.get('/autopilot/context')).json();
  // The bucket, made as the dataset step makes one: CreateBucket through the proxy.
  const bucket = await page.request.put(`/autopilot/aws/s3/${BUCKET}`);
  expect([200, 409]).toContain(bucket.status());
  await ok('CreateHyperParameterTuningJob', {
    HyperParameterTuningJobName: name,
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      ResourceLimits: {
        MaxNumberOfTrainingJobs: limits.maxJobs,
        MaxParallelTrainingJobs: limits.parallel
      },
      TrainingJobEarlyStoppingType: 'Auto'
    },
    TrainingJobDefinitions: [
      definition('dpp0-xgboost', 'validation:f1', context.executionRoleArn),
      definition(
        'dpp2-linear-learner',
        'validation:binary_f_beta',
        context.executionRoleArn
      )
    ]
  });
}

/** Parses RFC 4180 records (no embedded newlines in these fields). */
function csvRecords(text: string): string[][] {
  return text
    .split('\r\n')
    .filter(line => line !== '')
    .map(line => line.split(','));
}

async function kernelIds(page: IJupyterLabPageFixture): Promise<string[]> {
  const kernels = await (await page.request.get('/api/kernels')).json();
  return kernels.map((kernel: { id: string }) => kernel.id);
}

function uniqueName(): string {
  return `tune-ui-${Date.now().toString(36)}`;
}

/** The SDK's `name_from_base(base, max_length=32, short=True)`: base[:20]-yymmdd-HHMM. */
function nameFromBase(base: string, at = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp =
    two(at.getUTCFullYear() % 100) +
    two(at.getUTCMonth() + 1) +
    two(at.getUTCDate()) +
    '-' +
    two(at.getUTCHours()) +
    two(at.getUTCMinutes());
  return `${base.slice(0, 32 - stamp.length - 1)}-${stamp}`;
}

/** A Python string literal the notebook assigns, e.g. `'automl_output_s3_base_path': '…'`. */
function notebookLiteral(code: string, key: RegExp): string {
  const found = code.match(key);
  if (!found) {
    throw new Error(`the trimmed notebook has no ${key}`);
  }
  return found[1];
}

test.describe('the Tuning step', () => {
  test('finds the tuning job the trimmed notebook starts, by lineage, without a name', async ({
    page,
    tmpPath
  }) => {
    const panel = new PanelHelper(page);
    await datasetByCommands(panel, page, `${tmpPath}/churn.txt`);
    const trimmed = await trimmedCandidateNotebook(panel);
    // Before any tuning job exists, the panel is looking for one.
    await expect(page.locator(SECTION)).toHaveAttribute(
      'data-status',
      'working'
    );

    // What the notebook's kernel computes from its configuration cells.
    const notebook = await (
      await page.request.get(
        `/api/contents/${encodeURI(trimmed.path)}?content=1&type=notebook`
      )
    ).json();
    const code = notebook.content.cells
      .filter((cell: any) => cell.cell_type === 'code')
      .map((cell: any) => cell.source)
      .join('\n');
    const output = notebookLiteral(
      code,
      /'automl_output_s3_base_path': '([^']+)'/
    );
    const localRun = notebookLiteral(
      code,
      /LOCAL_AUTOML_JOB_NAME = '([^']+)-\{\}'\.format\(uid\(\)\)/
    );
    const runName = `${localRun}-ab12cd34`;
    const base = `${runName}-tuning`;
    const context = await (await page.request.get('/autopilot/context')).json();
    const underRun = (definitionName: string, metric: string) => {
      const d = definition(definitionName, metric, context.executionRoleArn);
      d.InputDataConfig[0].DataSource.S3DataSource.S3Uri = `${output}/${runName}/transformed-data/${definitionName}`;
      d.OutputDataConfig.S3OutputPath = `${output}/${runName}/multi-algo-tuning`;
      return d;
    };
    const tuningJob = (name: string, definitions: unknown[]) =>
      ok('CreateHyperParameterTuningJob', {
        HyperParameterTuningJobName: name,
        HyperParameterTuningJobConfig: {
          Strategy: 'Bayesian',
          ResourceLimits: {
            MaxNumberOfTrainingJobs: 2,
            MaxParallelTrainingJobs: 2
          },
          TrainingJobEarlyStoppingType: 'Auto'
        },
        TrainingJobDefinitions: definitions
      });
    // A look-alike first: the notebook's name, but data outside the job's prefix.
    const lookAlike = nameFromBase(base, new Date(Date.now() - 120000));
    const bucket = await page.request.put(`/autopilot/aws/s3/${BUCKET}`);
    expect([200, 409]).toContain(bucket.status());
    await tuningJob(lookAlike, [
      definition('dpp0-xgboost', 'validation:f1', context.executionRoleArn)
    ]);
    const name = nameFromBase(base);
    await tuningJob(name, [
      underRun('dpp0-xgboost', 'validation:f1'),
      underRun('dpp2-linear-learner', 'validation:binary_f_beta')
    ]);

    // Found within a minute, by the lineage alone.
    await expect(page.locator(`${SECTION} [data-fact="name"]`)).toHaveText(
      name,
      { timeout: 75000 }
    );
    const shown = await panel.execute('autopilot:show-tuning', {});
    expect(shown).toMatchObject({ name });
  });

  test('watches a picked tuning job, fills the leaderboard as trials finish, exports it', async ({
    page,
    tmpPath
  }, testInfo) => {
    // Throttled calls back off: on a loaded machine this test needs more than the default budget.
    test.setTimeout(240000);
    const panel = new PanelHelper(page);
    const name = uniqueName();
    await createTuningJob(page, name);
    // Throttled from the first call on, while the trials finish: retried, and the view goes on.
    const throttled = [
      'DescribeHyperParameterTuningJob',
      'ListTrainingJobsForHyperParameterTuningJob',
      'Search'
    ];
    for (const action of throttled) {
      await injectFault({ action, error: 'ThrottlingException', count: 2 });
    }

    const shown = await panel.execute('autopilot:show-tuning', { name });
    expect(shown).toMatchObject({ name });
    expect(['watching', 'ended']).toContain(shown.status);
    expect(shown.counters).toBeDefined();
    await expect(page.locator(`${SECTION} [data-fact="name"]`)).toHaveText(
      name
    );
    await expect(
      page.locator(`${SECTION} [data-fact="objective"]`)
    ).toContainText('validation:f1');

    const opened = await panel.execute('autopilot:open-leaderboard');
    expect(opened).toMatchObject({ status: 'opened', name });
    // The trials finish while the view is open: it fills without a reload.
    await expect(page.locator(ROWS)).toHaveCount(MAX_JOBS, { timeout: 90000 });
    const fired = await reportedFaults();
    for (const action of throttled) {
      expect(fired.find(f => f.action === action)?.fired).toBe(2);
    }
    await expect(page.locator(`${SECTION} .jp-autopilot-Error`)).toHaveCount(0);
    await expect(page.locator(`${SECTION} [data-fact="status"]`)).toHaveText(
      'Completed',
      { timeout: 60000 }
    );
    await expect(page.locator(`${ROWS}.jp-autopilot-mod-best`)).toHaveCount(1);
    await testInfo.attach('leaderboard-light.png', {
      body: await page.locator(BOARD).screenshot(),
      contentType: 'image/png'
    });

    // Filter by algorithm: only that definition's rows.
    await page
      .locator(`${BOARD} .jp-autopilot-Leaderboard-filter select`)
      .first()
      .selectOption('dpp2-linear-learner');
    const filtered = await page
      .locator(`${ROWS} td[data-column="algorithm"]`)
      .allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered)).toEqual(new Set(['dpp2-linear-learner']));
    await page
      .locator(`${BOARD} .jp-autopilot-Leaderboard-filter select`)
      .first()
      .selectOption('');

    // Sort by duration, ascending then descending, by keyboard.
    const sort = page.locator(
      `${BOARD} th[data-column="duration"] .jp-autopilot-Leaderboard-sort`
    );
    await sort.focus();
    await page.keyboard.press('Enter');
    await expect(
      page.locator(`${BOARD} th[data-column="duration"]`)
    ).toHaveAttribute('aria-sort', 'ascending');

    // A row opens its final metrics and hyperparameters.
    await page
      .locator(`${ROWS} .jp-autopilot-Leaderboard-open`)
      .first()
      .click();
    await expect(
      page.locator('.jp-autopilot-TrainingJobDetails')
    ).toContainText('max_depth');
    await page.keyboard.press('Escape');

    // The CSV: one record per training job the sandbox lists.
    const csvPath = `${tmpPath}/leaderboard.csv`;
    const exported = await panel.execute('autopilot:export-leaderboard', {
      path: csvPath
    });
    expect(exported).toEqual({
      status: 'exported',
      path: csvPath,
      rows: MAX_JOBS
    });
    const file = await (
      await page.request.get(`/api/contents/${csvPath}?content=1&format=text`)
    ).json();
    const [header, ...records] = csvRecords(file.content);
    expect(header.slice(0, 4)).toEqual([
      'TrainingJobName',
      'TrainingJobDefinitionName',
      'FinalObjectiveValue',
      'TrainingJobStatus'
    ]);
    const listed = await sagemaker(
      page,
      'ListTrainingJobsForHyperParameterTuningJob',
      { HyperParameterTuningJobName: name, MaxResults: 100 }
    );
    expect(records.map(r => r[0]).sort()).toEqual(
      listed.TrainingJobSummaries.map((s: any) => s.TrainingJobName).sort()
    );

    // Again onto the same file: asked first, and kept when the user says so.
    const again = panel.execute('autopilot:export-leaderboard', {
      path: csvPath
    });
    await page.locator('.jp-Dialog .jp-mod-reject').click();
    expect((await again).status).toBe('cancelled');

    await page.theme.setDarkTheme();
    await testInfo.attach('leaderboard-dark.png', {
      body: await page.locator(BOARD).screenshot(),
      contentType: 'image/png'
    });
    await page.theme.setLightTheme();
  });

  test('draws both workshop charts with JupyterLab’s Vega-Lite renderer, and exports them', async ({
    page,
    tmpPath
  }, testInfo) => {
    const kernelsBefore = await kernelIds(page);
    const panel = new PanelHelper(page);
    const name = uniqueName();
    // One trial at a time, so that trials finish after the chart is drawn.
    await createTuningJob(page, name, { maxJobs: CHART_JOBS, parallel: 1 });
    await panel.execute('autopilot:show-tuning', { name });
    const CHART = '#jp-autopilot-chart';
    const scatter = await panel.execute('autopilot:open-chart');
    expect(scatter).toMatchObject({
      status: 'opened',
      request: { type: 'scatter', x: { metric: 'validation:f1' } }
    });
    // Drawn by the vega5 extension (its canvas or svg), filled as trials finish.
    const drawn = page
      .locator(
        `${CHART} .jp-RenderedVegaCommon5 canvas, ${CHART} .jp-RenderedVegaCommon5 svg`
      )
      .first();
    await expect(drawn).toBeVisible({ timeout: 60000 });
    // Marked, to tell later whether the updates redrew it from scratch.
    await drawn.evaluate(node => {
      (node as any).autopilotFirstDraw = true;
    });
    // Every trial plotted once the trials' metrics are in (the CSV is what is drawn).
    const csvPath = `${tmpPath}/scatter.csv`;
    const plotted = async () => {
      const exported = await panel.execute('autopilot:export-chart', {
        format: 'csv',
        path: csvPath,
        overwrite: true
      });
      expect(exported).toEqual({ status: 'exported', path: csvPath });
      const csv = await (
        await page.request.get(`/api/contents/${csvPath}?content=1&format=text`)
      ).json();
      const [header, ...points] = csvRecords(csv.content);
      expect(header[0]).toBe('TrialComponentName');
      return points.length;
    };
    const plottedFirst = await plotted();
    await expect(page.locator(`${SECTION} [data-fact="status"]`)).toHaveText(
      'Completed',
      { timeout: 90000 }
    );
    await expect.poll(plotted, { timeout: 60000 }).toBe(CHART_JOBS);
    console.log(
      `trials plotted at the first draw: ${plottedFirst} of ${CHART_JOBS}`
    );
    if (plottedFirst < CHART_JOBS) {
      // Updated in place: the same element, so no flicker and the zoom kept.
      expect(
        await drawn.evaluate(node => (node as any).autopilotFirstDraw === true)
      ).toBe(true);
    }
    await testInfo.attach('scatter-light.png', {
      body: await page.locator(CHART).screenshot(),
      contentType: 'image/png'
    });

    await panel.execute('autopilot:open-chart', { type: 'histogram' });
    await expect(drawn).toBeVisible();
    await testInfo.attach('histogram-light.png', {
      body: await page.locator(CHART).screenshot(),
      contentType: 'image/png'
    });
    const specPath = `${tmpPath}/histogram.vl.json`;
    expect(
      await panel.execute('autopilot:export-chart', {
        format: 'vega-lite',
        path: specPath
      })
    ).toEqual({ status: 'exported', path: specPath });
    const spec = JSON.parse(
      (
        await (
          await page.request.get(
            `/api/contents/${specPath}?content=1&format=text`
          )
        ).json()
      ).content
    );
    expect(spec.$schema).toContain('vega-lite/v5');

    for (const format of ['svg', 'png']) {
      const imagePath = `${tmpPath}/histogram.${format}`;
      expect(
        await panel.execute('autopilot:export-chart', {
          format,
          path: imagePath
        })
      ).toEqual({ status: 'exported', path: imagePath });
      const model = await (
        await page.request.get(
          `/api/contents/${imagePath}?content=1&format=${format === 'png' ? 'base64' : 'text'}`
        )
      ).json();
      if (format === 'svg') {
        expect(model.content).toMatch(
          /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/
        );
      } else {
        const bytes = Buffer.from(model.content, 'base64');
        // The PNG signature, then an IHDR chunk with a non-zero size.
        expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
        expect(bytes.readUInt32BE(16)).toBeGreaterThan(0);
        expect(bytes.readUInt32BE(20)).toBeGreaterThan(0);
      }
    }
    // Insert as cell: the active notebook gets a cell whose output is the chart.
    const notebook = `${tmpPath}/charts.ipynb`;
    await page.contents.uploadContent(
      JSON.stringify({
        cells: [],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5
      }),
      'text',
      notebook
    );
    // Opened as the panel opens notebooks: its kernel not started.
    await page.evaluate(async path => {
      const widget: any = await (window as any).jupyterapp.commands.execute(
        'docmanager:open',
        { path, factory: 'Notebook' }
      );
      widget.sessionContext.kernelPreference = {
        ...widget.sessionContext.kernelPreference,
        shouldStart: false,
        autoStartDefault: false
      };
    }, notebook);
    await page.activity.activateTab(
      'Distribution of ObjectiveMetric (maximum)'
    );
    await page.locator(`${CHART} .jp-autopilot-InsertChart`).click();
    await page.activity.activateTab('charts.ipynb');
    await expect(
      page.locator('.jp-NotebookPanel .jp-RenderedVegaCommon5').first()
    ).toBeVisible();
    await page.notebook.save();
    const saved = await (
      await page.request.get(`/api/contents/${notebook}?content=1`)
    ).json();
    const outputs = saved.content.cells.flatMap((c: any) => c.outputs ?? []);
    expect(
      outputs.some(
        (o: any) => o.data?.['application/vnd.vegalite.v5+json']?.$schema
      )
    ).toBe(true);
    // No kernel started for it (other tests' kernels may still be shutting down).
    const started = (await kernelIds(page)).filter(
      id => !kernelsBefore.includes(id)
    );
    expect(started).toEqual([]);

    await page.activity.activateTab(
      'Distribution of ObjectiveMetric (maximum)'
    );
    await page.theme.setDarkTheme();
    await testInfo.attach('histogram-dark.png', {
      body: await page.locator(CHART).screenshot(),
      contentType: 'image/png'
    });
    await panel.execute('autopilot:open-chart');
    await expect(drawn).toBeVisible();
    await testInfo.attach('scatter-dark.png', {
      body: await page.locator(CHART).screenshot(),
      contentType: 'image/png'
    });
    await page.theme.setLightTheme();
  });

  test.describe('in Korean', () => {
    test.use(IN_KOREAN);

    test('the section and the leaderboard in Korean', async ({
      page
    }, testInfo) => {
      const panel = new PanelHelper(page);
      const name = uniqueName();
      await createTuningJob(page, name);
      await panel.execute('autopilot:show-tuning', { name });
      await panel.execute('autopilot:open-leaderboard');
      await expect(page.locator(ROWS)).toHaveCount(MAX_JOBS, {
        timeout: 60000
      });
      await expect(
        page.locator(`${BOARD} .jp-autopilot-Leaderboard-title`)
      ).toHaveText(ko('Leaderboard of %1', name));
      await expect(page.locator(`${SECTION} dt`).first()).toHaveText(
        ko('Tuning job')
      );
      await testInfo.attach('leaderboard-korean.png', {
        body: await page.locator(BOARD).screenshot(),
        contentType: 'image/png'
      });
      // Both workshop charts, their titles and chooser in Korean.
      const CHART = '#jp-autopilot-chart';
      const drawn = `${CHART} .jp-RenderedVegaCommon5`;
      await panel.execute('autopilot:open-chart');
      await expect(page.locator(drawn).first()).toBeVisible({
        timeout: 60000
      });
      await expect(
        page.locator(
          `${CHART} select[aria-label="${ko('%1 metric', ko('x'))}"]`
        )
      ).toHaveCount(1);
      await testInfo.attach('scatter-korean.png', {
        body: await page.locator(CHART).screenshot(),
        contentType: 'image/png'
      });
      await panel.execute('autopilot:open-chart', { type: 'histogram' });
      // The chart's tab says what it shows, in Korean.
      await expect(
        page.locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current')
      ).toContainText(ko('Distribution of %1', '').trim());
      await testInfo.attach('histogram-korean.png', {
        body: await page.locator(CHART).screenshot(),
        contentType: 'image/png'
      });
    });
  });
});
