using System.Linq;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P2's reference: ListObjectsV2 paging with the AWS SDK and the engine's own client settings
    /// (S3ClientFactory), touching each object's key, size, ETag and date and storing nothing.
    /// It is what any item sync must at least do, so it bounds P1 and P2 from below.
    /// </summary>
    internal sealed class RawListWork : IWork
    {
        public const string Name = "raw-list";

        public static async Task<(long Objects, long Bytes, int Pages)> ListAsync(IAmazonS3 client, string bucket, int pageSize = 1000)
        {
            long objects = 0, bytes = 0;
            var pages = 0;
            string? continuation = null;
            do
            {
                var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = continuation, MaxKeys = pageSize }).ConfigureAwait(false);
                pages++;
                foreach (var o in page.S3Objects ?? new System.Collections.Generic.List<S3Object>())
                {
                    objects++;
                    bytes += (o.Size ?? 0) + o.Key.Length + (o.ETag?.Length ?? 0) + (o.LastModified.HasValue ? 1 : 0);
                }

                continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (continuation != null);
            return (objects, bytes, pages);
        }

        public async Task WarmUpAsync(ChildRequest request)
        {
            using var client = request.WarmAccount.EngineClient();
            await ListAsync(client, request.WarmBucket, ChildHost.WarmUpPageSize).ConfigureAwait(false);
        }

        /// <summary>
        /// Lists the request's bucket, or every bucket of the account when it names none. Run cold
        /// (no warm-up: a new process's first work), the span also makes the client, as a cmdlet's does.
        /// </summary>
        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            var tally = new RequestTally();
            if (request.SkipWarmUp)
            {
                result.Begin();
            }

            using var client = request.Account.EngineClient(new S3ClientSettings { RequestObserver = tally.Observe });
            tally.Start();
            if (!request.SkipWarmUp)
            {
                result.Begin();
            }

            long objects = 0;
            var pages = 0;
            var buckets = request.Bucket != null ? new[] { request.Bucket } : ((await client.ListBucketsAsync().ConfigureAwait(false)).Buckets ?? new System.Collections.Generic.List<S3Bucket>()).Select(b => b.BucketName);
            foreach (var bucket in buckets)
            {
                var listed = await ListAsync(client, bucket).ConfigureAwait(false);
                objects += listed.Objects;
                pages += listed.Pages;
            }

            result.End();
            tally.Stop();
            result.Requests = tally.Counts();
            result.Metrics["objects"] = objects;
            result.Metrics["pages"] = pages;
        }
    }
}
