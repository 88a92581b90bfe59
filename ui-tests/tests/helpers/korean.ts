/** Running JupyterLab in Korean, and the extension's Korean, read from its catalog. */
import { galata } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT } from './corpus';

/** The extension's Korean catalog: the tests follow it, not a copy of it. */
const CATALOG: Record<string, string[]> = JSON.parse(
  fs.readFileSync(
    path.join(
      PROJECT,
      'jupyterlab_autopilot/locale/ko_KR/LC_MESSAGES/jupyterlab_autopilot.json'
    ),
    'utf-8'
  )
);

/** `%1`, `%2`… filled in as JupyterLab's gettext does. */
function format(text: string, args: unknown[]): string {
  return text.replace(/%(\d+)/g, (match, n) =>
    Number(n) <= args.length ? String(args[Number(n) - 1]) : match
  );
}

/** The Korean of `trans.__(msgid, ...args)`. */
export function ko(msgid: string, ...args: unknown[]): string {
  const forms = CATALOG[msgid];
  if (!forms || forms.length !== 1) {
    throw new Error(`no singular Korean entry for ${JSON.stringify(msgid)}`);
  }
  return format(forms[0], args);
}

/** The Korean of `trans._n(singular, plural, n, ...args)`: one form, n is %1. */
export function koN(singular: string, n: number, ...args: unknown[]): string {
  const forms = CATALOG[singular];
  if (!forms || forms.length < 2) {
    throw new Error(`no plural Korean entry for ${JSON.stringify(singular)}`);
  }
  return format(forms[0], [n, ...args]);
}

/** JupyterLab's own Launcher tab, in Korean (from jupyterlab-language-pack-ko-KR). */
export const KOREAN_LAUNCHER = '런처';

/** `test.use(IN_KOREAN)`: JupyterLab with ko_KR chosen. */
export const IN_KOREAN = {
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    '@jupyterlab/translation-extension:plugin': { locale: 'ko_KR' }
  },
  // Galata waits for a tab named "Launcher"; in Korean it is 런처.
  waitForApplication: async ({ baseURL }: any, use: any) => {
    await use(async (page: any) => {
      await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
      await page
        .locator('#jp-main-dock-panel .lm-TabBar-tab', {
          hasText: KOREAN_LAUNCHER
        })
        .first()
        .waitFor();
    });
  }
};
