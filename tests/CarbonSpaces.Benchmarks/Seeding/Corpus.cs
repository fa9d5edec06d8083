using System;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;
using Amazon.S3;
using CarbonSpaces.Benchmarks.Text;

namespace CarbonSpaces.Benchmarks.Seeding
{
    /// <summary>The buckets the cases read, and how each object of them is made (deterministic per index).</summary>
    internal sealed class Corpus
    {
        public const string WarmBucket = "bench-warm";
        public const string ItemsSmallBucket = "bench-items-small";
        public const string ItemsBucket = "bench-items";

        /// <summary>P4r at scale: P1's objects as text files (owned by the items user, whose cases sync one bucket at a time).</summary>
        public const string FarTextBucket = "bench-items-text";
        public const string SmallFilesBucket = "bench-files-small";
        public const string LargeFilesBucket = "bench-files-large";

        /// <summary>P3a-scale: the small files again, split over this many buckets, one for each syncing process.</summary>
        public const int ScaleOutParts = 4;

        private static readonly string[] Departments =
        {
            "finance", "legal", "marketing", "engineering", "support", "sales", "research", "operations", "hr", "it",
            "procurement", "design", "quality", "security", "facilities", "training", "compliance", "product", "data", "audit",
        };

        private static readonly string[] Extensions = { "txt", "txt", "txt", "md", "pdf", "docx", "xlsx", "csv", "json", "html", "pptx", "png" };

        private readonly NaturalTextGenerator _text;

        public Corpus(NaturalTextGenerator text)
        {
            _text = text;
        }

        /// <summary>A handful of small text files that warm-ups sync (owned by a user of its own).</summary>
        public (string Key, byte[] Body) WarmObject(int i) => ($"warm/doc-{i:D3}.txt", _text.Document(1500 + i * 100, new Random(1000 + i)));

        /// <summary>P1: an object of a document tree (varied folders, names and formats), small body: listing cost does not depend on size.</summary>
        public (string Key, byte[] Body) ItemObject(int i)
        {
            var random = new Random(i);
            var department = Departments[random.Next(Departments.Length)];
            var name = _text.Vocabulary.Word(100 + random.Next(5000));
            var key = $"{department}/{2015 + random.Next(11)}/{1 + random.Next(12):D2}/{name}-{i:D7}.{Extensions[random.Next(Extensions.Length)]}";
            return (key, _text.Document(64 + random.Next(448), random));
        }

        /// <summary>P4r at scale: P1's object as a .txt file, so every one builds READY (a resync retries a file that failed).</summary>
        public (string Key, byte[] Body) TextItemObject(int i)
        {
            var (key, body) = ItemObject(i);
            return (key.Substring(0, key.LastIndexOf('.')) + ".txt", body);
        }

        /// <summary>P3a: a ~4 KiB note (3.5–4.5 KiB) of prose.</summary>
        public (string Key, byte[] Body) SmallFile(int i)
        {
            var random = new Random(100_000 + i);
            return ($"notes/{i / 1000:D3}/note-{i:D6}.txt", _text.Document(3584 + random.Next(1024), random));
        }

        /// <summary>P3a-scale's bucket <paramref name="part"/> (0 …): the same notes as P3a's bucket, a quarter of them each.</summary>
        public static string SmallFilesPartBucket(int part) => $"bench-files-part-{part + 1}";

        /// <summary>P3b: a 20 MiB book of prose.</summary>
        public (string Key, byte[] Body) LargeFile(int i, int mebibytes)
        {
            var random = new Random(200_000 + i);
            var target = mebibytes * 1024 * 1024;
            var text = new StringBuilder(target + 1024);
            _text.AppendParagraphs(text, target - 1, random);
            text.Length = target - 1;
            text.Append('\n');
            return ($"books/book-{i:D3}.txt", Encoding.UTF8.GetBytes(text.ToString()));
        }

        public static async Task SeedAsync(IAmazonS3 client, string bucket, int count, Func<int, (string, byte[])> make, Action<string> log, int parallelism = 0)
        {
            var clock = Stopwatch.StartNew();
            await S3Seeder.EnsureBucketAsync(client, bucket).ConfigureAwait(false);
            var bytes = await S3Seeder.PutManyAsync(client, bucket, count, make, log, parallelism).ConfigureAwait(false);
            log($"  seeded {bucket}: {count:N0} objects, {bytes / 1048576.0:N1} MiB in {clock.Elapsed.TotalSeconds:N1} s ({count / clock.Elapsed.TotalSeconds:N0} objects/s)");
        }
    }
}
