import { nullTranslator } from '@jupyterlab/translation';

import type { ITrainingJobSummary } from '../../aws/tuning';
import {
  algorithmsOf,
  columnTitle,
  csvField,
  leaderboardColumns,
  leaderboardCsv,
  leaderboardRows,
  queryRows,
  statusesOf
} from '../leaderboard';

const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);
const MAX = { metricName: 'validation:f1', type: 'Maximize' as const };

function job(
  name: string,
  definitionName: string,
  objectiveValue: number | null,
  status: ITrainingJobSummary['status'] = 'Completed',
  hp: Record<string, string> = {}
): ITrainingJobSummary {
  return {
    name,
    arn: `arn:${name}`,
    definitionName,
    status,
    creationTime: T0,
    startTime: T0,
    endTime: status === 'InProgress' ? null : T0 + 90_000,
    tunedHyperParameters: hp,
    objectiveValue,
    objectiveMetric: objectiveValue === null ? null : 'validation:f1',
    objectiveStatus: null,
    failureReason: null
  };
}

const JOBS = [
  job('t-001', 'dpp0-xgboost', 0.7, 'Completed', {
    eta: '0.3',
    max_depth: '10'
  }),
  job('t-002', 'dpp1-linear-learner', 0.9, 'Completed', { eta: '0.25' }),
  job('t-003', 'dpp0-xgboost', null, 'InProgress', {
    eta: '0.1',
    max_depth: '9'
  }),
  job('t-004', 'dpp0-xgboost', null, 'Stopped', { max_depth: '2' })
];

describe('rows', () => {
  it('one per training job: algorithm, objective, status, start, duration, hyperparameters; the best marked', () => {
    const rows = leaderboardRows(JOBS, { objective: MAX, now: T0 + 30_000 });
    expect(rows[1]).toEqual({
      name: 't-002',
      arn: 'arn:t-002',
      algorithm: 'dpp1-linear-learner',
      objective: 0.9,
      status: 'Completed',
      start: T0,
      durationSeconds: 90,
      hyperParameters: { eta: '0.25' },
      best: true
    });
    expect(rows[2].durationSeconds).toBe(30); // running: so far
    expect(rows.filter(r => r.best).map(r => r.name)).toEqual(['t-002']);
    const minimized = leaderboardRows(JOBS, {
      objective: { ...MAX, type: 'Minimize' },
      now: T0
    });
    expect(minimized.filter(r => r.best).map(r => r.name)).toEqual(['t-001']);
    const told = leaderboardRows(JOBS, {
      objective: MAX,
      bestName: 't-001',
      now: T0
    });
    expect(told.filter(r => r.best).map(r => r.name)).toEqual(['t-001']);
    expect(leaderboardColumns(rows)).toEqual([
      'name',
      'algorithm',
      'objective',
      'status',
      'start',
      'duration',
      'hp:eta',
      'hp:max_depth'
    ]);
    expect(algorithmsOf(rows)).toEqual(['dpp0-xgboost', 'dpp1-linear-learner']);
    expect(statusesOf(rows)).toEqual(['Completed', 'InProgress', 'Stopped']);
  });
});

describe('sorting and filtering', () => {
  const rows = leaderboardRows(JOBS, { objective: MAX, now: T0 });
  const names = (r: { name: string }[]) => r.map(x => x.name);

  it('sorts by the objective, best first, empty cells last', () => {
    expect(names(queryRows(rows, {}, MAX))).toEqual([
      't-002',
      't-001',
      't-003',
      't-004'
    ]);
    expect(names(queryRows(rows, {}, { ...MAX, type: 'Minimize' }))).toEqual([
      't-001',
      't-002',
      't-003',
      't-004'
    ]);
  });

  it('sorts any column, hyperparameters numerically when they are numbers', () => {
    expect(names(queryRows(rows, { sortBy: 'hp:max_depth' }))).toEqual([
      't-004',
      't-003',
      't-001',
      't-002'
    ]);
    expect(
      names(queryRows(rows, { sortBy: 'hp:eta', descending: true }))
    ).toEqual(['t-001', 't-002', 't-003', 't-004']);
    expect(names(queryRows(rows, { sortBy: 'status' }))).toEqual([
      't-001',
      't-002',
      't-003',
      't-004'
    ]);
    expect(
      names(queryRows(rows, { sortBy: 'algorithm', descending: true }))
    ).toEqual(['t-002', 't-001', 't-003', 't-004']);
    expect(names(queryRows(rows, { sortBy: 'duration' }))[0]).toBe('t-003');
  });

  it('filters by algorithm and status', () => {
    expect(
      names(
        queryRows(rows, {
          algorithms: ['dpp0-xgboost'],
          statuses: ['Completed', 'Stopped']
        })
      )
    ).toEqual(['t-001', 't-004']);
    expect(queryRows(rows, { algorithms: [] })).toHaveLength(4);
  });

  it('translates the headers', () => {
    const trans = nullTranslator.load('jupyterlab_autopilot');
    expect(columnTitle('objective', trans)).toBe('Objective');
    expect(columnTitle('hp:eta', trans)).toBe('eta');
  });
});

describe('CSV', () => {
  it('quotes as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });

  it("has the SDK analytics' columns, one per hyperparameter, CRLF records", () => {
    const rows = leaderboardRows(
      [
        ...JOBS,
        job('t-005', 'dpp0-xgboost', 0.5, 'Completed', {
          eta: '"quoted", value'
        })
      ],
      { objective: MAX, now: T0 }
    );
    const csv = leaderboardCsv(queryRows(rows, {}, MAX));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'TrainingJobName,TrainingJobDefinitionName,FinalObjectiveValue,TrainingJobStatus,TrainingStartTime,TrainingElapsedTimeSeconds,eta,max_depth,IsBest'
    );
    expect(lines[1]).toBe(
      't-002,dpp1-linear-learner,0.9,Completed,2026-12-01T20:00:00.000Z,90,0.25,,true'
    );
    expect(lines).toContain(
      't-005,dpp0-xgboost,0.5,Completed,2026-12-01T20:00:00.000Z,90,"""quoted"", value",,false'
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines).toHaveLength(rows.length + 2);
  });
});
