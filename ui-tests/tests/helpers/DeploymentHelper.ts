import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { PanelHelper, PanelSelector } from './PanelHelper';

const SIMULATOR = `http://127.0.0.1:${process.env.AUTOPILOT_SIMULATOR_PORT}`;

/** Selectors of the Deployment and Clean-up sections, in one place. */
export enum DeploySelector {
  Deployment = '#jp-autopilot-section-deployment',
  Endpoint = '#jp-autopilot-section-deployment .jp-autopilot-Endpoint',
  RowIndex = '#jp-autopilot-section-deployment .jp-autopilot-RowIndex',
  Send = '#jp-autopilot-section-deployment .jp-autopilot-SendRow',
  Prediction = '#jp-autopilot-section-deployment [data-result="predicted"]',
  Cleanup = '#jp-autopilot-section-cleanup',
  Plan = '#jp-autopilot-section-cleanup .jp-autopilot-PlanCleanup',
  PlanItem = '#jp-autopilot-section-cleanup .jp-autopilot-PlanGroup li',
  IncludeS3 = '#jp-autopilot-section-cleanup .jp-autopilot-IncludeS3',
  Run = '#jp-autopilot-section-cleanup .jp-autopilot-RunCleanup',
  Results = '#jp-autopilot-section-cleanup .jp-autopilot-CleanupResults',
  ResultItem = '#jp-autopilot-section-cleanup .jp-autopilot-CleanupResults li',
  Dialog = '.jp-Dialog',
  DialogItem = '.jp-Dialog .jp-autopilot-CleanupDialog li'
}

/**
 * A SageMaker call straight to the sandbox's own API (not the panel, not
 * the proxy): what a notebook or another user of the account does.
 */
export async function sagemaker(
  action: string,
  body: Record<string, unknown>
): Promise<{ status: number; json: any }> {
  const response = await fetch(SIMULATOR + '/', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `SageMaker.${action}`
    },
    body: JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

/** `sagemaker()`, throwing unless AWS answered 200: a kernel's call that must succeed. */
export async function ok(
  action: string,
  body: Record<string, unknown>
): Promise<any> {
  const { status, json } = await sagemaker(action, body);
  if (status !== 200) {
    throw new Error(`${action}: ${status} ${JSON.stringify(json)}`);
  }
  return json;
}

/** Whether a resource still exists, by its describe call. */
export async function exists(
  action: string,
  body: Record<string, unknown>
): Promise<boolean> {
  const { status, json } = await sagemaker(action, body);
  if (status === 200) {
    return true;
  }
  if (/not found|does not exist|Could not find/i.test(JSON.stringify(json))) {
    return false;
  }
  throw new Error(`${action}: ${status} ${JSON.stringify(json)}`);
}

export interface IDeployment {
  model: string;
  config: string;
  endpoint: string;
}

/**
 * What the candidate notebook's `PipelineModel.deploy` makes from the job's
 * best candidate: one model of its inference containers (their
 * `ModelDataUrl` under the job's output), an endpoint config, an endpoint.
 */
export async function deployBestCandidate(
  jobName: string,
  base: string,
  roleArn: string
): Promise<IDeployment & { containers: number }> {
  const job = await ok('DescribeAutoMLJobV2', { AutoMLJobName: jobName });
  const containers = job.BestCandidate.InferenceContainers.map((c: any) => ({
    Image: c.Image,
    ModelDataUrl: c.ModelDataUrl,
    Environment: c.Environment
  }));
  const names = {
    model: `AutoML-${base}`,
    config: `AutoML-${base}-config`,
    endpoint: `AutoML-${base}-ep`
  };
  await ok('CreateModel', {
    ModelName: names.model,
    Containers: containers,
    ExecutionRoleArn: roleArn
  });
  await createConfigAndEndpoint(names);
  return { ...names, containers: containers.length };
}

async function createConfigAndEndpoint(names: IDeployment): Promise<void> {
  await ok('CreateEndpointConfig', {
    EndpointConfigName: names.config,
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: names.model,
        InitialInstanceCount: 1,
        InstanceType: 'ml.m5.large'
      }
    ]
  });
  await ok('CreateEndpoint', {
    EndpointName: names.endpoint,
    EndpointConfigName: names.config
  });
}

/**
 * Look-alikes made outside the workflow: a model whose artifacts lie under
 * a neighbouring prefix (`…/output-2`), its config and endpoint, and a
 * training job named after the workflow's job. The clean-up must never list
 * them.
 */
export async function createLookAlikes(
  jobName: string,
  outputUri: string,
  roleArn: string,
  image: string
): Promise<IDeployment & { trainingJob: string }> {
  const outside = outputUri.replace(/\/+$/, '') + '-2';
  const names = {
    model: `AutoML-${jobName}-copy`,
    config: `AutoML-${jobName}-copy-config`,
    endpoint: `AutoML-${jobName}-copy-ep`,
    trainingJob: `${jobName}-dpp0-look`
  };
  await ok('CreateModel', {
    ModelName: names.model,
    Containers: [
      { Image: image, ModelDataUrl: `${outside}/a/model.tar.gz` },
      { Image: image, ModelDataUrl: `${outside}/b/model.tar.gz` }
    ],
    ExecutionRoleArn: roleArn
  });
  await createConfigAndEndpoint(names);
  await ok('CreateTrainingJob', {
    TrainingJobName: names.trainingJob,
    AlgorithmSpecification: { TrainingImage: image, TrainingInputMode: 'File' },
    RoleArn: roleArn,
    OutputDataConfig: { S3OutputPath: `${outside}/training` },
    ResourceConfig: {
      InstanceType: 'ml.m5.large',
      InstanceCount: 1,
      VolumeSizeInGB: 5
    },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 }
  });
  return names;
}

/** Removes the look-alikes (the test made them; nothing else). */
export async function removeLookAlikes(
  names: IDeployment & { trainingJob: string }
): Promise<void> {
  await sagemaker('StopTrainingJob', { TrainingJobName: names.trainingJob });
  await sagemaker('DeleteEndpoint', { EndpointName: names.endpoint });
  await sagemaker('DeleteEndpointConfig', { EndpointConfigName: names.config });
  await sagemaker('DeleteModel', { ModelName: names.model });
}

/** Waits until the sandbox says the endpoint is `status`. */
export async function waitForEndpoint(
  name: string,
  status: string,
  timeoutMs = 60000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { json } = await sagemaker('DescribeEndpoint', {
      EndpointName: name
    });
    if (json.EndpointStatus === status) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${name} is ${json.EndpointStatus}, not ${status}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Actions on the Deployment and Clean-up sections. */
export class DeploymentHelper {
  constructor(
    private readonly page: IJupyterLabPageFixture,
    readonly panel: PanelHelper
  ) {}

  locator(selector: DeploySelector): Locator {
    return this.page.locator(selector);
  }

  /** Opens a section by its title (the panel does not move to these steps by itself). */
  async openSection(step: 'deployment' | 'cleanup'): Promise<void> {
    const section = this.page.locator(`#jp-autopilot-section-${step}`);
    // The titles in the order of the workflow's steps.
    const index = step === 'deployment' ? 4 : 5;
    const titles = this.page.locator(PanelSelector.SectionTitle);
    // One section open at a time, as the panel itself does: a section
    // expanded beside another may get no height at all.
    for (let i = 0; i < (await titles.count()); i++) {
      const expanded =
        (await titles.nth(i).getAttribute('aria-expanded')) === 'true';
      if (expanded !== (i === index)) {
        await titles.nth(i).click();
      }
    }
    await section.waitFor();
  }

  async screenshotOf(
    testInfo: { attach: (name: string, o: any) => Promise<void> },
    name: string,
    selector: string
  ): Promise<void> {
    await testInfo.attach(name, {
      body: await this.page.locator(selector).screenshot(),
      contentType: 'image/png'
    });
  }
}
