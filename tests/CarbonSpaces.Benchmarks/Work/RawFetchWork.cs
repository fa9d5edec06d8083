using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// Profiling aid for P3/P4: the AWS SDK alone, with the engine's client settings, fetching every
    /// object of a bucket (GET, body read into one reused buffer and dropped) or asking for its
    /// version (HEAD), <see cref="ChildRequest.Throttle"/> at a time. What the S3 side of a file sync
    /// or a resync costs before any disk, extraction or store work.
    /// </summary>
    internal sealed class RawFetchWork : IWork
    {
        public const string Name = "raw-fetch";
        public const string Head = "head";

        public async Task WarmUpAsync(ChildRequest request)
        {
            using var client = request.WarmAccount.EngineClient();
            await FetchAllAsync(client, request.WarmBucket, request.Mode == Head, request.Throttle).ConfigureAwait(false);
        }

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            var tally = new RequestTally();
            using var client = request.Account.EngineClient(new S3ClientSettings { RequestObserver = tally.Observe });
            tally.Start();
            result.Begin();
            var (objects, bytes) = await FetchAllAsync(client, request.Bucket!, request.Mode == Head, request.Throttle).ConfigureAwait(false);
            result.End();
            tally.Stop();
            result.Requests = tally.Counts();
            result.Metrics["objects"] = objects;
            result.Metrics["bytes"] = bytes;
        }

        private static async Task<(long Objects, long Bytes)> FetchAllAsync(IAmazonS3 client, string bucket, bool head, int throttle)
        {
            var keys = new List<string>();
            string? continuation = null;
            do
            {
                var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = continuation }).ConfigureAwait(false);
                foreach (var o in page.S3Objects ?? new List<S3Object>())
                {
                    keys.Add(o.Key);
                }

                continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (continuation != null);

            long bytes = 0;
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = throttle }, async (key, cancellation) =>
            {
                if (head)
                {
                    var metadata = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellation).ConfigureAwait(false);
                    Interlocked.Add(ref bytes, metadata.ContentLength);
                    return;
                }

                using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellation).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
                try
                {
                    int read;
                    while ((read = await response.ResponseStream.ReadAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false)) > 0)
                    {
                        Interlocked.Add(ref bytes, read);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }).ConfigureAwait(false);
            return (keys.Count, bytes);
        }
    }
}
