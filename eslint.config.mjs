import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import path from 'node:path';

/** Flags a file in src/ whose name is not camelCase (`proxyHandler.ts`, `cli.spec.ts`). */
const camelCaseFileName = {
  meta: { type: 'suggestion', schema: [] },
  create(context) {
    const base = path
      .basename(context.filename)
      .replace(/(\.d)?(\.spec)?\.tsx?$/, '');
    if (!/^[a-z][a-zA-Z0-9]*$/.test(base)) {
      context.report({
        loc: { line: 1, column: 0 },
        message: `File name "${path.basename(context.filename)}" is not camelCase.`
      });
    }
    return {};
  }
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'lib',
      'lib-cli',
      'coverage',
      '**/*.d.ts',
      'jupyterlab_autopilot/labextension',
      'ui-tests/test-results',
      'ui-tests/playwright-report',
      '.venv',
      '**/*.js',
      '**/*.mjs'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      quotes: [
        'error',
        'single',
        { avoidEscape: true, allowTemplateLiterals: false }
      ],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  // The layering, checked rather than promised in comments.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [
      'src/aws/autopilot.ts',
      'src/aws/clients.ts',
      'src/aws/deployment.ts',
      'src/aws/index.ts',
      'src/aws/proxyHandler.ts',
      'src/aws/s3Upload.ts',
      'src/aws/serviceQuotas.ts',
      'src/aws/tuning.ts',
      'src/**/__tests__/**'
    ],
    rules: {
      // A static SDK import outside the lazy chunk's modules would put the
      // SDK into JupyterLab's start-up bundle.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@smithy/*'],
              allowTypeImports: true,
              message:
                'Only src/aws/{autopilot,clients,deployment,index,proxyHandler,s3Upload,serviceQuotas,tuning}.ts import the AWS SDK; elsewhere load it through src/aws/lazy.ts.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/trim/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@jupyterlab/*', '@lumino/*', 'react', 'react-dom'],
              message:
                'src/trim/ is pure TypeScript: the CLI runs it without JupyterLab.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/aws/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@lumino/widgets',
                '@jupyterlab/ui-components',
                'react',
                'react-dom'
              ],
              message: 'src/aws/ knows nothing of widgets.'
            }
          ]
        }
      ]
    }
  },
  // One file-naming style in src/: camelCase, like JupyterLab's own lowercase-first modules.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { local: { rules: { 'file-name': camelCaseFileName } } },
    rules: { 'local/file-name': 'error' }
  }
);
