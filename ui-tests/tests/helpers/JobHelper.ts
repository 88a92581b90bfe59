import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator, Request } from '@playwright/test';
import { ok } from './DeploymentHelper';
import { PanelHelper, PanelSelector } from './PanelHelper';

/** Selectors of the Job and Notebooks sections, in one place. */
export enum JobSelector {
  Job = '#jp-autopilot-section-job',
  Name = '#jp-autopilot-section-job .jp-autopilot-Job-name',
  NameField = '#jp-autopilot-section-job [data-field="name"]',
  Target = '#jp-autopilot-section-job .jp-autopilot-Job-target',
  TargetField = '#jp-autopilot-section-job [data-field="target"]',
  ProblemType = '#jp-autopilot-section-job .jp-autopilot-Job-problemType',
  Metric = '#jp-autopilot-section-job .jp-autopilot-Job-metric',
  MetricField = '#jp-autopilot-section-job [data-field="metric"]',
  FieldError = '.jp-autopilot-FieldError',
  Create = '#jp-autopilot-section-job .jp-autopilot-CreateJob',
  Retry = '#jp-autopilot-section-job .jp-autopilot-RetryCreate',
  CreateError = '#jp-autopilot-section-job .jp-autopilot-Error',
  Timeline = '#jp-autopilot-section-job .jp-autopilot-Timeline',
  Stage = '#jp-autopilot-section-job .jp-autopilot-Stages > li',
  JobStatus = '#jp-autopilot-section-job .jp-autopilot-JobStatus',
  PollError = '#jp-autopilot-section-job .jp-autopilot-PollError',
  StopJob = '#jp-autopilot-section-job .jp-autopilot-StopJob',
  NewJob = '#jp-autopilot-section-job .jp-autopilot-NewJob',
  AttachList = '#jp-autopilot-section-job .jp-autopilot-AttachList > summary',
  RecentJob = '#jp-autopilot-section-job .jp-autopilot-RecentJobs tr',
  Notebooks = '#jp-autopilot-section-notebooks',
  Fetch = '#jp-autopilot-section-notebooks .jp-autopilot-FetchNotebooks',
  Fetched = '#jp-autopilot-section-notebooks [data-result="fetched"]',
  Quota = '#jp-autopilot-section-notebooks .jp-autopilot-QuotaGuidance',
  QuotaLink = '#jp-autopilot-section-notebooks .jp-autopilot-QuotaLink',
  Trim = '#jp-autopilot-section-notebooks .jp-autopilot-TrimCandidates',
  TrimReport = '#jp-autopilot-section-notebooks [data-result="trimmed"]',
  Tab = '#jp-main-dock-panel .lm-TabBar-tab',
  CurrentTab = '#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current',
  Dialog = '.jp-Dialog'
}

/** A SageMaker call seen by the browser, by its `X-Amz-Target` action. */
export interface ISageMakerCall {
  action: string;
  at: number;
  /** The JSON request the SDK sent, as it went to the proxy. */
  body: string | null;
}

/**
 * Actions on the Job and Notebooks sections. It shares the PanelHelper's
 * click count, so one number covers the whole flow.
 */
export class JobHelper {
  constructor(
    private readonly page: IJupyterLabPageFixture,
    readonly panel: PanelHelper
  ) {
    page.on('request', (request: Request) => {
      const target = request.headers()['x-amz-target'];
      if (/\/autopilot\/aws\/sagemaker/.test(request.url()) && target) {
        this.calls.push({
          action: target.replace(/^SageMaker\./, ''),
          at: Date.now(),
          body: request.postData()
        });
      }
    });
  }

  /** The SageMaker calls the page made, in order. */
  readonly calls: ISageMakerCall[] = [];

  locator(selector: JobSelector): Locator {
    return this.page.locator(selector);
  }

  async click(selector: JobSelector): Promise<void> {
    await this.page.locator(selector).click();
    this.panel.clicks++;
  }

  /** Step 1 by clicks: churn.txt (at `remote`) profiled, split and uploaded. */
  async uploadDataset(remote: string): Promise<void> {
    const panel = this.panel;
    await panel.openFromIcon();
    await panel.select(PanelSelector.FileSelect, remote);
    await panel.click(PanelSelector.UseDataset);
    await this.page.locator(PanelSelector.Split).waitFor();
    await panel.click(PanelSelector.Split);
    await this.page.locator(PanelSelector.Upload).waitFor();
    await panel.click(PanelSelector.Upload);
    await this.page
      .locator(PanelSelector.UploadResult)
      .waitFor({ state: 'attached', timeout: 60000 });
  }

  /** Waits until the timeline shows `secondaryStatus`. */
  async waitForStage(secondaryStatus: string, timeout = 60000): Promise<void> {
    await this.page
      .locator(`${JobSelector.Stage}[data-stage="${secondaryStatus}"]`)
      .waitFor({ state: 'attached', timeout });
  }

  /**
   * Creates a pilot job outside the panel, as another user of the account
   * would with the AWS CLI: `CreateAutoMLJobV2`, or the older `CreateAutoMLJob`
   * (V1, which the proxy does not forward: the panel never makes V1 jobs), sent
   * straight to the sandbox's SageMaker.
   */
  async createJobElsewhere(
    name: string,
    trainUri: string,
    api: 'v1' | 'v2' = 'v2'
  ): Promise<void> {
    const context = await (
      await this.page.request.get('/autopilot/context')
    ).json();
    const input = {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: trainUri } }
    };
    const common = {
      AutoMLJobName: name,
      OutputDataConfig: {
        S3OutputPath: trainUri.replace(/\/train\/.*$/, '/elsewhere')
      },
      RoleArn: context.executionRoleArn
    };
    const [action, request] =
      api === 'v2'
        ? [
            'CreateAutoMLJobV2',
            {
              ...common,
              AutoMLJobInputDataConfig: [
                {
                  ChannelType: 'training',
                  ContentType: 'text/csv;header=present',
                  ...input
                }
              ],
              AutoMLProblemTypeConfig: {
                TabularJobConfig: {
                  TargetAttributeName: 'Churn?',
                  GenerateCandidateDefinitionsOnly: true
                }
              }
            }
          ]
        : [
            'CreateAutoMLJob',
            {
              ...common,
              InputDataConfig: [{ ...input, TargetAttributeName: 'Churn?' }],
              GenerateCandidateDefinitionsOnly: true
            }
          ];
    await ok(action, request);
  }

  /** The running kernels, from the Jupyter server. */
  async kernels(): Promise<unknown[]> {
    const response = await this.page.request.get('/api/kernels');
    return response.json();
  }

  async screenshot(
    testInfo: { attach: (name: string, o: any) => Promise<void> },
    name: string
  ): Promise<void> {
    await testInfo.attach(name, {
      body: await this.page.locator(PanelSelector.Panel).screenshot(),
      contentType: 'image/png'
    });
  }
}
