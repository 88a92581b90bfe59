import { nullTranslator } from '@jupyterlab/translation';

import table from '../instancePrices.json';
import {
  estimateHourlyUsd,
  estimateS3HourlyUsd,
  formatHourly,
  PRICE_TABLE_DATE,
  totalHourlyUsd
} from '../prices';
import { endpointReminder } from '../reminder';

const trans = nullTranslator.load('jupyterlab_autopilot');

describe('prices', () => {
  it('is a dated table with a price for every listed type, none zero', () => {
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.note).toMatch(/estimate/i);
    for (const usages of Object.values(table.regions)) {
      for (const prices of Object.values(usages)) {
        for (const price of Object.values(prices as Record<string, number>)) {
          expect(price).toBeGreaterThan(0);
        }
      }
    }
  });

  it('multiplies by the instance count', () => {
    expect(
      estimateHourlyUsd('ml.m5.2xlarge', 2, 'us-east-1', 'inference')
    ).toBe(0.922);
  });

  it('says unknown, never zero, for an unknown type, region or serverless', () => {
    expect(estimateHourlyUsd('ml.x9.huge', 1, 'us-east-1', 'inference')).toBe(
      'unknown'
    );
    expect(estimateHourlyUsd('ml.m5.large', 1, 'mars-1', 'inference')).toBe(
      'unknown'
    );
    expect(estimateHourlyUsd(null, 1, 'us-east-1', 'inference')).toBe(
      'unknown'
    );
    expect(estimateS3HourlyUsd(1024 ** 3, 'mars-1')).toBe('unknown');
    expect(estimateS3HourlyUsd(1024 ** 3, 'us-east-1')).toBeGreaterThan(0);
    expect(formatHourly(trans, 'unknown')).toMatch(/unknown/);
  });

  it('sums the known and counts the unknown', () => {
    expect(totalHourlyUsd([0.115, 'unknown', 0.23])).toEqual({
      knownUsd: 0.345,
      unknownCount: 1
    });
    expect(formatHourly(trans, 0.115)).toBe(
      `about $0.115 per hour (estimate, prices of ${PRICE_TABLE_DATE})`
    );
  });
});

describe('endpointReminder', () => {
  it('is nothing when no endpoint is InService', () => {
    expect(
      endpointReminder(
        [{ name: 'a', status: 'Creating', estimatedHourlyUsd: 0.1 }],
        trans
      )
    ).toBeNull();
  });

  it('names the InService endpoints with their estimated cost per hour', () => {
    const r = endpointReminder(
      [
        { name: 'a', status: 'InService', estimatedHourlyUsd: 0.115 },
        { name: 'b', status: 'InService', estimatedHourlyUsd: 0.461 },
        { name: 'c', status: 'Failed', estimatedHourlyUsd: 0.5 }
      ],
      trans
    );
    expect(r).toMatchObject({
      endpoints: ['a', 'b'],
      estimatedHourlyUsd: 0.576
    });
    expect(r!.message).toBe(
      `The workflow still has 2 endpoints in service, a, b, billing for about $0.576 per hour (estimate, prices of ${PRICE_TABLE_DATE}). Clean up when you are done.`
    );
  });

  it('says so when a cost is unknown', () => {
    const r = endpointReminder(
      [
        { name: 'a', status: 'InService', estimatedHourlyUsd: 0.115 },
        { name: 's', status: 'InService', estimatedHourlyUsd: 'unknown' }
      ],
      trans
    );
    expect(r!.message).toContain('plus 1 of unknown cost');
    const one = endpointReminder(
      [{ name: 's', status: 'InService', estimatedHourlyUsd: 'unknown' }],
      trans
    );
    expect(one!.message).toBe(
      'The workflow still has an endpoint in service, s, billing at a cost the price table does not know. Clean up when you are done.'
    );
  });
});
