using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace CarbonSpaces.Benchmarks.Seeding
{
    /// <summary>Fills buckets with parallel PUTs (AWS SDK, the engine's client settings).</summary>
    internal static class S3Seeder
    {
        public static readonly int DefaultParallelism = int.TryParse(System.Environment.GetEnvironmentVariable("BENCH_SEED_PARALLELISM"), out var n) ? n : 48;

        public static async Task EnsureBucketAsync(IAmazonS3 client, string bucket)
        {
            try
            {
                await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou" || ex.ErrorCode == "BucketAlreadyExists")
            {
            }
        }

        /// <summary>Uploads objects 0 … count-1 made by <paramref name="make"/>, <paramref name="parallelism"/> at a time; returns the bytes sent.</summary>
        public static async Task<long> PutManyAsync(
            IAmazonS3 client, string bucket, int count, Func<int, (string Key, byte[] Body)> make, Action<string> log, int parallelism = 0)
        {
            long bytes = 0;
            var done = 0;
            var clock = Stopwatch.StartNew();
            var reportEvery = Math.Max(1, count / 5);
            await Parallel.ForEachAsync(
                System.Linq.Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : DefaultParallelism },
                async (i, cancellation) =>
                {
                    var (key, body) = make(i);
                    using var stream = new MemoryStream(body, writable: false);
                    await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = stream, ContentType = "text/plain", AutoCloseStream = false }, cancellation).ConfigureAwait(false);
                    Interlocked.Add(ref bytes, body.Length);
                    var n = Interlocked.Increment(ref done);
                    if (count >= 1000 && n % reportEvery == 0 && n < count)
                    {
                        log($"  {bucket}: {n:N0} / {count:N0} objects ({n / clock.Elapsed.TotalSeconds:N0}/s)");
                    }
                }).ConfigureAwait(false);
            return bytes;
        }
    }
}
