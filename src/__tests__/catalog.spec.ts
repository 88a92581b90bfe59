/**
 * The translation catalogs cannot drift from the sources: the English .pot
 * is what scripts/messages/extract.js writes from src/, and the Korean
 * catalog covers every msgid, with no stale entries and the same
 * placeholders.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/messages/extract.js');
const KOREAN = path.join(
  ROOT,
  'jupyterlab_autopilot/locale/ko_KR/LC_MESSAGES/jupyterlab_autopilot.json'
);

function check(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('node', [SCRIPT, '--check', ...args], {
    cwd: ROOT,
    encoding: 'utf-8'
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Runs the check against a changed copy of the Korean catalog. */
function checkEdited(
  edit: (catalog: Record<string, any>) => void
): ReturnType<typeof check> {
  const catalog = JSON.parse(fs.readFileSync(KOREAN, 'utf-8'));
  edit(catalog);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-catalog-'));
  const file = path.join(dir, 'jupyterlab_autopilot.json');
  try {
    fs.writeFileSync(file, JSON.stringify(catalog));
    return check('--catalog', file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('translation catalogs', () => {
  it('the settings schema strings are in the .pot, with the contexts the server asks for', () => {
    const pot = fs.readFileSync(
      path.join(ROOT, 'jupyterlab_autopilot/locale/jupyterlab_autopilot.pot'),
      'utf-8'
    );
    expect(pot).toContain(
      '#: schema/plugin.json\nmsgctxt "schema"\nmsgid "Algorithms to keep"'
    );
    expect(pot).toContain('msgctxt "settings"\nmsgid "Autopilot"');
  });

  it('the .pot is current and the Korean catalog covers every msgid', () => {
    const { status, output } = check('--catalog', KOREAN);
    // On failure, the output lists each missing, stale or mismatched msgid.
    expect(output).toMatch(/catalogs are current/);
    expect(status).toBe(0);
  });

  it('the Korean catalog is served as ko-KR in the extension domain', () => {
    const header = JSON.parse(fs.readFileSync(KOREAN, 'utf-8'))[''];
    expect(header).toMatchObject({
      domain: 'jupyterlab_autopilot',
      language: 'ko-KR',
      plural_forms: 'nplurals=1; plural=0;'
    });
  });

  describe('the check fails', () => {
    it('when a msgid is missing in Korean', () => {
      const { status, output } = checkEdited(c => delete c['Trim %1']);
      expect(status).toBe(1);
      expect(output).toContain('missing "Trim %1"');
    });

    it('when a settings schema string is missing in Korean', () => {
      const { status, output } = checkEdited(
        c => delete c['schema\u0004Algorithms to keep']
      );
      expect(status).toBe(1);
      expect(output).toContain('missing "Algorithms to keep"');
    });

    it('when a settings schema is not in the extension domain', () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-schema-'));
      try {
        fs.mkdirSync(path.join(root, 'schema'));
        fs.mkdirSync(path.join(root, 'src'));
        const schema = JSON.parse(
          fs.readFileSync(path.join(ROOT, 'schema/plugin.json'), 'utf-8')
        );
        delete schema['jupyter.lab.internationalization'];
        fs.writeFileSync(
          path.join(root, 'schema/plugin.json'),
          JSON.stringify(schema)
        );
        const { status, output } = check('--root', root);
        expect(status).toBe(1);
        expect(output).toContain(
          'schema/plugin.json: its titles and descriptions are shown to users'
        );
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });

    it('when Korean keeps a msgid the sources no longer use', () => {
      const { status, output } = checkEdited(c => {
        c['An old message'] = ['오래된 메시지'];
      });
      expect(status).toBe(1);
      expect(output).toContain('stale "An old message"');
    });

    it('when a translation drops a placeholder', () => {
      const { status, output } = checkEdited(c => {
        c['Trim %1'] = ['정리'];
      });
      expect(status).toBe(1);
      expect(output).toContain('has placeholders [] in "정리", expected [%1]');
    });

    it('when a plural entry has one form, which JupyterLab would ignore', () => {
      const { status, output } = checkEdited(c => {
        const key = 'Wrote %2: kept %1 candidate, removed %3.';
        c[key] = c[key].slice(0, 1);
      });
      expect(status).toBe(1);
      expect(output).toContain('is plural and needs at least two forms');
    });

    it('when a singular entry has two forms, which JupyterLab would ignore', () => {
      const { status, output } = checkEdited(c => {
        c['Cancel'] = ['취소', '취소'];
      });
      expect(status).toBe(1);
      expect(output).toContain('"Cancel" is singular');
    });
  });
});
