import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

/** Selectors of the Autopilot panel, in one place. */
export enum PanelSelector {
  Icon = '.jp-SideBar .lm-TabBar-tab[data-id="autopilot-panel"]',
  Panel = '#autopilot-panel',
  Header = '#autopilot-panel .jp-autopilot-PanelHeader',
  Workflow = '#autopilot-panel .jp-autopilot-PanelWorkflow',
  SectionTitle = '#autopilot-panel .lm-AccordionPanel-title',
  Dataset = '#jp-autopilot-section-dataset',
  FileSelect = '#jp-autopilot-section-dataset .jp-autopilot-FileSelect',
  UseDataset = '#jp-autopilot-section-dataset .jp-autopilot-UseDataset',
  ProfileSummary = '#jp-autopilot-section-dataset .jp-autopilot-ProfileSummary',
  ProfileRows = '#jp-autopilot-section-dataset .jp-autopilot-ProfileTable tbody tr',
  Balance = '#jp-autopilot-section-dataset .jp-autopilot-Balance',
  TargetSelect = '#jp-autopilot-section-dataset .jp-autopilot-TargetSelect',
  Split = '#jp-autopilot-section-dataset .jp-autopilot-Split',
  SplitResult = '#jp-autopilot-section-dataset [data-result="split"]',
  Bucket = '#jp-autopilot-section-dataset .jp-autopilot-Bucket',
  Prefix = '#jp-autopilot-section-dataset .jp-autopilot-Prefix',
  Upload = '#jp-autopilot-section-dataset .jp-autopilot-Upload',
  Progress = '#jp-autopilot-section-dataset .jp-autopilot-Progress',
  Cancel = '#jp-autopilot-section-dataset .jp-autopilot-Cancel',
  UploadResult = '#jp-autopilot-section-dataset [data-result="upload"]',
  Uri = '#jp-autopilot-section-dataset .jp-autopilot-Uri',
  Error = '#jp-autopilot-section-dataset .jp-autopilot-Error',
  Toast = '.Toastify__toast'
}

/** Actions on the Autopilot panel for the tests; counts the clicks it makes. */
export class PanelHelper {
  constructor(private readonly page: IJupyterLabPageFixture) {}

  /** Clicks and selections made through this helper. */
  clicks = 0;

  locator(selector: PanelSelector): Locator {
    return this.page.locator(selector);
  }

  async click(selector: PanelSelector): Promise<void> {
    await this.page.locator(selector).click();
    this.clicks++;
  }

  async select(selector: PanelSelector, value: string): Promise<void> {
    await this.page.locator(selector).selectOption(value);
    this.clicks++;
  }

  /** Opens the panel from its icon in the left sidebar. */
  async openFromIcon(): Promise<void> {
    await this.click(PanelSelector.Icon);
    await this.page.locator(PanelSelector.Dataset).waitFor();
  }

  /** Drags the left sidebar wider, for screenshots that show the whole table. */
  async widen(pixels: number): Promise<void> {
    const handle = this.page
      .locator('#jp-main-split-panel > .lm-SplitPanel-handle')
      .first();
    const box = (await handle.boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width / 2, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + pixels, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** The status each section's title shows, by step. */
  async statuses(): Promise<Record<string, string>> {
    return this.page.evaluate(() => {
      const out: Record<string, string> = {};
      document
        .querySelectorAll<HTMLElement>('#autopilot-panel [data-step]')
        .forEach(node => {
          out[node.dataset.step!] = node.dataset.status!;
        });
      return out;
    });
  }

  async execute(command: string, args: Record<string, unknown> = {}) {
    return this.page.evaluate(
      ({ command, args }) =>
        (window as any).jupyterapp.commands.execute(command, args),
      { command, args }
    );
  }

  /** An S3 object's body, through the real signing proxy into the sandbox. */
  async s3Text(uri: string): Promise<string> {
    const response = await this.page.request.get(this._s3Url(uri));
    if (!response.ok()) {
      throw new Error(`GET ${uri}: ${response.status()}`);
    }
    return response.text();
  }

  /** An S3 object's tags, through the proxy: `GetObjectTagging`. */
  async s3Tags(uri: string): Promise<Record<string, string>> {
    const response = await this.page.request.get(`${this._s3Url(uri)}?tagging`);
    const xml = await response.text();
    const tags: Record<string, string> = {};
    for (const match of xml.matchAll(
      /<Tag><Key>([^<]*)<\/Key><Value>([^<]*)<\/Value><\/Tag>/g
    )) {
      tags[match[1]] = match[2];
    }
    return tags;
  }

  /** Whether an S3 object exists (HEAD through the proxy). */
  async s3Exists(uri: string): Promise<boolean> {
    const response = await this.page.request.head(this._s3Url(uri));
    return response.ok();
  }

  private _s3Url(uri: string): string {
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
    const path = key.split('/').map(encodeURIComponent).join('/');
    return `/autopilot/aws/s3/${bucket}/${path}`;
  }
}
