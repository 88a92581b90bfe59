/**
 * Estimated hourly costs from the small dated price table shipped with the
 * extension (`instancePrices.json`, its one home). An instance type or region
 * the table does not know is `'unknown'`, never zero: a zero would read as
 * "free" on a resource that bills.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import table from './instancePrices.json';

/** Real-time endpoints are priced apart from the instances jobs run on. */
export type PriceUsage = 'inference' | 'training';

/** US dollars per hour, or `'unknown'`. */
export type HourlyEstimate = number | 'unknown';

/** The date of the table's prices (`YYYY-MM-DD`), shown with every estimate. */
export const PRICE_TABLE_DATE: string = table.date;

type Regions = Record<string, Record<PriceUsage, Record<string, number>>>;

/** The table's price of one instance for an hour, or `null`. */
export function instanceHourlyUsd(
  instanceType: string,
  region: string,
  usage: PriceUsage
): number | null {
  const price = (table.regions as Regions)[region]?.[usage]?.[instanceType];
  return typeof price === 'number' ? price : null;
}

/**
 * `count` instances of `instanceType` for an hour. No instance type (a
 * serverless endpoint, a job that reports none) is `'unknown'`; no
 * instances running is 0.
 */
export function estimateHourlyUsd(
  instanceType: string | null,
  count: number,
  region: string,
  usage: PriceUsage
): HourlyEstimate {
  if (count <= 0) {
    return 0;
  }
  if (!instanceType) {
    return 'unknown';
  }
  const price = instanceHourlyUsd(instanceType, region, usage);
  return price === null ? 'unknown' : roundCents(price * count);
}

/** The sum of the known estimates, and how many were unknown. */
export function totalHourlyUsd(estimates: HourlyEstimate[]): {
  knownUsd: number;
  unknownCount: number;
} {
  let knownUsd = 0;
  let unknownCount = 0;
  for (const e of estimates) {
    if (e === 'unknown') {
      unknownCount++;
    } else {
      knownUsd += e;
    }
  }
  return { knownUsd: roundCents(knownUsd), unknownCount };
}

/** A month of 730 hours, as AWS's price pages count. */
const HOURS_PER_MONTH = 730;

/** S3 Standard storage of `bytes` for an hour (small, but not zero). */
export function estimateS3HourlyUsd(
  bytes: number,
  region: string
): HourlyEstimate {
  const perGbMonth = (table.s3StandardUsdPerGbMonth as Record<string, number>)[
    region
  ];
  if (typeof perGbMonth !== 'number') {
    return 'unknown';
  }
  return (bytes / 1024 ** 3) * (perGbMonth / HOURS_PER_MONTH);
}

/** To the tenth of a cent: the table's own precision. */
function roundCents(usd: number): number {
  return Math.round(usd * 1000) / 1000;
}

/** "about $0.461 per hour (estimate, prices of 2026-12-01)", or "unknown cost". */
export function formatHourly(
  trans: TranslationBundle,
  estimate: HourlyEstimate
): string {
  if (estimate === 'unknown') {
    return trans.__(
      'unknown cost (not in the price table of %1)',
      PRICE_TABLE_DATE
    );
  }
  return trans.__(
    'about $%1 per hour (estimate, prices of %2)',
    estimate.toFixed(3),
    PRICE_TABLE_DATE
  );
}
