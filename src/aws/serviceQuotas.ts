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
  type ListAWSDefaultServiceQuotasCommandOutput,
  ListServiceQuotasCommand,
  type ListServiceQuotasCommandOutput,
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

/**
 * Every quota of `serviceCode` (default `sagemaker`): the applied value
 * where the account has one, else AWS's default. Sorted by name.
 */
export async function listQuotas(
  options: IAwsClientOptions,
  serviceCode = 'sagemaker'
): Promise<IQuota[]> {
  const client = serviceQuotasClientFor(options);
  const byCode = new Map<string, IQuota>();

  let token: string | undefined;
  do {
    const page: ListServiceQuotasCommandOutput = await client.send(
      new ListServiceQuotasCommand({
        ServiceCode: serviceCode,
        MaxResults: 100,
        NextToken: token
      })
    );
    for (const q of page.Quotas ?? []) {
      const quota = fromQuota(q, true);
      if (quota) {
        byCode.set(quota.code, quota);
      }
    }
    token = page.NextToken;
  } while (token);

  token = undefined;
  do {
    const page: ListAWSDefaultServiceQuotasCommandOutput = await client.send(
      new ListAWSDefaultServiceQuotasCommand({
        ServiceCode: serviceCode,
        MaxResults: 100,
        NextToken: token
      })
    );
    for (const q of page.Quotas ?? []) {
      const quota = fromQuota(q, false);
      if (quota && !byCode.has(quota.code)) {
        byCode.set(quota.code, quota);
      }
    }
    token = page.NextToken;
  } while (token);

  return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name));
}
