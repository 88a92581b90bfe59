/**
 * The account's SageMaker quotas, as plain data, for the quota guidance
 * (`src/workflow/quotaGuidance.ts`).
 *
 * `ListServiceQuotas` answers the account's applied values, but only for
 * quotas that have one; `ListAWSDefaultServiceQuotas` fills in the rest with
 * AWS's defaults, which are then what applies.
 */
import {
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  type ServiceQuota
} from '@aws-sdk/client-service-quotas';

import { serviceQuotasClientFor } from './clientCache';
import type { IAwsClientOptions } from './clients';

export interface IQuota {
  /** e.g. `L-1234ABCD`. */
  code: string;
  /** e.g. `ml.m5.4xlarge for training job usage`. */
  name: string;
  value: number;
  unit: string | null;
  adjustable: boolean;
  /** True for the account's applied value, false for AWS's default. */
  applied: boolean;
}

function fromQuota(q: ServiceQuota, applied: boolean): IQuota | null {
  if (!q.QuotaCode || !q.QuotaName || typeof q.Value !== 'number') {
    return null;
  }
  return {
    code: q.QuotaCode,
    name: q.QuotaName,
    value: q.Value,
    unit: q.Unit && q.Unit !== 'None' ? q.Unit : null,
    adjustable: q.Adjustable ?? false,
    applied
  };
}

interface IQuotaPage {
  Quotas?: ServiceQuota[];
  NextToken?: string;
}

/** Every page of one listing, in order. */
async function allQuotas(
  page: (token: string | undefined) => Promise<IQuotaPage>
): Promise<ServiceQuota[]> {
  const quotas: ServiceQuota[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    quotas.push(...(answer.Quotas ?? []));
    token = answer.NextToken;
  } while (token);
  return quotas;
}

/**
 * Every quota of `serviceCode` (default `sagemaker`): the applied value
 * where the account has one, else AWS's default. Sorted by name.
 */
export async function listQuotas(
  options: IAwsClientOptions,
  serviceCode = 'sagemaker'
): Promise<IQuota[]> {
  const client = serviceQuotasClientFor(options);
  const applied = await allQuotas(NextToken =>
    client.send(
      new ListServiceQuotasCommand({
        ServiceCode: serviceCode,
        MaxResults: 100,
        NextToken
      })
    )
  );
  const defaults = await allQuotas(NextToken =>
    client.send(
      new ListAWSDefaultServiceQuotasCommand({
        ServiceCode: serviceCode,
        MaxResults: 100,
        NextToken
      })
    )
  );
  const byCode = new Map<string, IQuota>();
  for (const [quotas, isApplied] of [
    [applied, true],
    [defaults, false]
  ] as const) {
    for (const q of quotas) {
      const quota = fromQuota(q, isApplied);
      if (quota && !byCode.has(quota.code)) {
        byCode.set(quota.code, quota);
      }
    }
  }
  return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name));
}
