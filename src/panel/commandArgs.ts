import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import { CommandIDs } from '../tokens';
import { PROBLEM_TYPES } from '../workflow/objectiveMetrics';

/**
 * The arguments of every panel command, as JSON schemas: asked for by
 * `CommandRegistry.describedBy` (scripts, assistants), never at start-up,
 * so they load on first use.
 */
export function commandArgs(
  trans: TranslationBundle
): Record<string, Partial<CommandRegistry.Description>> {
  return {
    [CommandIDs.useDataset]: {
      args: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: trans.__(
              'The file, relative to the Jupyter root; by default the file selected in the file browser'
            )
          }
        }
      }
    },
    [CommandIDs.splitDataset]: {
      args: {
        type: 'object',
        properties: {
          target: {
            type: 'string',
            description: trans.__('The column to predict')
          },
          validationFraction: {
            type: 'number',
            minimum: 0,
            maximum: 1,
            default: 0.2
          },
          seed: { type: 'integer', minimum: 0, default: 42 },
          stratify: { type: 'boolean', default: false }
        }
      }
    },
    [CommandIDs.uploadDataset]: {
      args: {
        type: 'object',
        properties: {
          bucket: { type: 'string' },
          prefix: { type: 'string' },
          overwrite: { type: 'boolean', default: false }
        }
      }
    },
    [CommandIDs.createJob]: {
      args: {
        type: 'object',
        properties: {
          name: { type: 'string', description: trans.__('The job name') },
          target: {
            type: 'string',
            description: trans.__('The column to predict')
          },
          problemType: { type: 'string', enum: [...PROBLEM_TYPES, ''] },
          metric: { type: 'string' },
          mode: {
            type: 'string',
            enum: ['pilot', 'complete'],
            default: 'pilot'
          },
          maxCandidates: { type: 'integer', minimum: 1, maximum: 750 },
          confirm: { type: 'boolean', default: true }
        }
      }
    },
    [CommandIDs.attachJob]: {
      args: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name']
      }
    },
    [CommandIDs.stopJob]: {
      args: {
        type: 'object',
        properties: { confirm: { type: 'boolean', default: true } }
      }
    },
    [CommandIDs.jobStatus]: { args: { type: 'object', properties: {} } },
    [CommandIDs.fetchNotebooks]: {
      args: {
        type: 'object',
        properties: { overwrite: { type: 'boolean', default: false } }
      }
    },
    [CommandIDs.trimCandidates]: {
      args: {
        type: 'object',
        properties: {
          maxJobs: { type: 'integer', minimum: 1 },
          maxParallelJobs: { type: 'integer', minimum: 1 },
          parallelJobs: { type: 'integer', minimum: 1 }
        }
      }
    },
    [CommandIDs.showTuning]: {
      args: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            description: trans.__(
              'Any tuning job of the account; by default the workflow’s, found by lineage'
            )
          }
        }
      }
    },
    [CommandIDs.stopTuning]: {
      args: {
        type: 'object',
        properties: { confirm: { type: 'boolean', default: true } }
      }
    },
    [CommandIDs.openLeaderboard]: {
      args: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            description: trans.__(
              'Any tuning job of the account; by default the watched one'
            )
          }
        }
      }
    },
    [CommandIDs.exportLeaderboard]: {
      args: {
        type: 'object',
        properties: {
          path: {
            type: 'string',
            description: trans.__('The CSV file, relative to the Jupyter root')
          },
          overwrite: { type: 'boolean', default: false }
        }
      }
    },
    [CommandIDs.openChart]: {
      args: {
        type: 'object',
        properties: {
          x: { type: 'string', description: trans.__('The x metric') },
          y: { type: 'string', description: trans.__('The y metric') },
          statistic: {
            type: 'string',
            enum: ['min', 'max', 'avg', 'last', 'count', 'stdDev'],
            default: 'max'
          },
          color: { type: 'string', enum: ['trial', 'algorithm', 'status'] },
          type: {
            type: 'string',
            enum: ['scatter', 'histogram', 'line', 'bar'],
            default: 'scatter'
          }
        }
      }
    },
    [CommandIDs.exportChart]: {
      args: {
        type: 'object',
        properties: {
          format: {
            type: 'string',
            enum: ['png', 'svg', 'csv', 'vega-lite'],
            default: 'png'
          },
          path: { type: 'string' },
          overwrite: { type: 'boolean', default: false }
        }
      }
    },
    [CommandIDs.listEndpoints]: { args: { type: 'object', properties: {} } },
    [CommandIDs.testEndpoint]: {
      args: {
        type: 'object',
        properties: {
          name: { type: 'string', description: trans.__('The endpoint') },
          row: {
            description: trans.__(
              'The number of a validation row (from 0), or one CSV line without the target'
            ),
            oneOf: [
              { type: 'integer', minimum: 0 },
              { type: 'string' },
              { type: 'array', items: { type: ['string', 'number'] } }
            ]
          }
        },
        required: ['name']
      }
    },
    [CommandIDs.planCleanup]: { args: { type: 'object', properties: {} } },
    [CommandIDs.cleanup]: {
      args: {
        type: 'object',
        properties: {
          confirm: { type: 'boolean', default: true },
          includeS3: { type: 'boolean', default: false }
        }
      }
    }
  };
}
