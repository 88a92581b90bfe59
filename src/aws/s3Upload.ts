/**
 * Uploads a browser file to S3 through the proxy: one PutObject for small
 * files, a multipart upload (parts sent a few at a time, aborted on failure)
 * for large ones. Blob slices are read lazily by the browser, so a large file
 * never sits in memory.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand
} from '@aws-sdk/client-s3';

import { createAbortError } from './transportErrors';

/** S3's smallest part (all but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** S3's largest number of parts. */
export const MAX_PARTS = 10_000;

/**
 * Progress of an upload. Reported after each completed part (fetch cannot
 * report bytes while a request body is being sent).
 */
export interface IUploadProgress {
  /** Bytes uploaded so far. */
  loaded: number;
  /** The file's size. */
  total: number;
  /** Parts completed, and how many there are (1 for a single PutObject). */
  partsDone: number;
  partsTotal: number;
}

/**
 * Options of `uploadFile`.
 */
export interface IUploadOptions {
  /** Bytes per part (default 8 MiB; at least 5 MiB, raised to fit 10,000 parts). */
  partSize?: number;
  /** Files of at least this size use multipart (default 16 MiB). */
  multipartThreshold?: number;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  /** The object's Content-Type (default: the Blob's type, if any). */
  contentType?: string;
  /** Cancels the upload (a multipart upload is then aborted on S3). */
  abortSignal?: AbortSignal;
}

/**
 * What `uploadFile` resolves with.
 */
export interface IUploadResult {
  bucket: string;
  key: string;
  /** `s3://bucket/key`. */
  uri: string;
  etag?: string;
  multipart: boolean;
  parts: number;
}

/**
 * Uploads `blob` to `s3://bucket/key`.
 *
 * Errors are the SDK's (or the proxy handler's); pass them to
 * `toAutopilotError` for the user.
 */
export async function uploadFile(
  s3: S3Client,
  bucket: string,
  key: string,
  blob: Blob,
  onProgress?: (progress: IUploadProgress) => void,
  options: IUploadOptions = {}
): Promise<IUploadResult> {
  const total = blob.size;
  const threshold = Math.max(options.multipartThreshold ?? 16 * 1024 * 1024, 1);
  const contentType = options.contentType ?? (blob.type || undefined);
  const uri = `s3://${bucket}/${key}`;
  const abortSignal = options.abortSignal;
  throwIfAborted(abortSignal);

  if (total < threshold) {
    const output = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: blob,
        ContentLength: total,
        ContentType: contentType
      }),
      { abortSignal }
    );
    onProgress?.({ loaded: total, total, partsDone: 1, partsTotal: 1 });
    return { bucket, key, uri, etag: output.ETag, multipart: false, parts: 1 };
  }

  const partSize = choosePartSize(total, options.partSize);
  const partsTotal = Math.max(1, Math.ceil(total / partSize));
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ContentType: contentType
    }),
    { abortSignal }
  );
  const uploadId = created.UploadId;
  if (!uploadId) {
    throw new Error('S3 did not return an UploadId for the multipart upload');
  }

  try {
    const parts: CompletedPart[] = new Array(partsTotal);
    let loaded = 0;
    let partsDone = 0;
    let next = 0;
    let failed = false;

    const worker = async () => {
      while (!failed && next < partsTotal) {
        const index = next++;
        const start = index * partSize;
        const end = Math.min(start + partSize, total);
        throwIfAborted(abortSignal);
        try {
          const output = await s3.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: index + 1,
              Body: blob.slice(start, end),
              ContentLength: end - start
            }),
            { abortSignal }
          );
          parts[index] = { PartNumber: index + 1, ETag: output.ETag };
        } catch (e) {
          failed = true;
          throw e;
        }
        loaded += end - start;
        partsDone += 1;
        onProgress?.({ loaded, total, partsDone, partsTotal });
      }
    };

    const concurrency = Math.max(
      1,
      Math.min(options.concurrency ?? 4, partsTotal)
    );
    const results = await Promise.allSettled(
      Array.from({ length: concurrency }, worker)
    );
    const rejected = results.find(r => r.status === 'rejected') as
      PromiseRejectedResult | undefined;
    if (rejected) {
      throw rejected.reason;
    }
    throwIfAborted(abortSignal);

    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts }
      }),
      { abortSignal }
    );
    return {
      bucket,
      key,
      uri,
      etag: completed.ETag,
      multipart: true,
      parts: partsTotal
    };
  } catch (e) {
    await s3
      .send(
        new AbortMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId
        })
      )
      .catch(() => {
        // Best effort: the original error matters more. A lifecycle rule
        // on the bucket cleans up what is left.
      });
    throw e;
  }
}

/**
 * The part size for a file: the wish, at least S3's minimum, and large
 * enough to stay within 10,000 parts.
 */
export function choosePartSize(
  total: number,
  wanted = 8 * 1024 * 1024
): number {
  const atLeast = Math.ceil(total / MAX_PARTS);
  return Math.max(wanted, MIN_PART_SIZE, atLeast);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw createAbortError(signal.reason);
  }
}
