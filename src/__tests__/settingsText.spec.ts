import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { TranslationBundle } from '@jupyterlab/translation';
import { translateSchemaText } from '../settingsText';

/** A catalog with one Korean entry per context-qualified msgid. */
function catalog(entries: Record<string, string>): TranslationBundle {
  return {
    _p: (context: string, msgid: string) =>
      entries[`${context}\u0004${msgid}`] ?? msgid
  } as unknown as TranslationBundle;
}

describe('translateSchemaText', () => {
  it('translates the titles and descriptions under the schema context, and nothing else', () => {
    const schema = {
      type: 'object',
      title: 'Autopilot',
      description: 'Settings.',
      properties: {
        algorithms: {
          title: 'Algorithms to keep',
          description: 'Keep these.',
          type: 'array',
          default: ['Algorithms to keep']
        },
        maxJobs: { title: 'max_jobs', type: 'integer', default: 8 }
      }
    } as unknown as ISettingRegistry.ISchema;
    const korean = catalog({
      'schema\u0004Settings.': '설정.',
      'schema\u0004Algorithms to keep': '유지할 알고리즘',
      'settings\u0004Keep these.': '다른 맥락'
    });
    translateSchemaText(schema, korean);
    // Twice changes nothing more: a translated string has no entry of its own.
    translateSchemaText(schema, korean);
    expect(schema).toEqual({
      type: 'object',
      title: 'Autopilot',
      description: '설정.',
      properties: {
        algorithms: {
          title: '유지할 알고리즘',
          description: 'Keep these.',
          type: 'array',
          default: ['Algorithms to keep']
        },
        maxJobs: { title: 'max_jobs', type: 'integer', default: 8 }
      }
    });
  });
});
