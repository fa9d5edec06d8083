using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    /// <summary>
    /// One RGW user owning one bucket of 5,200 objects with the keys that break naive code: unicode,
    /// spaces, + &amp; =, deep prefixes, and folder markers. Seeded once for the test class.
    /// </summary>
    public sealed class ItemCorpus : IAsyncLifetime
    {
        public const int GeneratedObjects = 5_000;

        public static readonly IReadOnlyList<string> SpecialKeys = new[]
        {
            "rapports/été/résumé-ü.txt",
            "日本語/ファイル.md",
            "emoji/😀 smile.txt",
            "my folder/a file with spaces.docx",
            "maths/a+b&c=d.csv",
            "deep/a/b/c/d/e/f/g/h/i/j/leaf.json",
            "reports/2026/q3/summary.pdf",
            "reports/2026/q3/figures.xlsx",
            "reports/2026/q4/summary.pdf",
            "reports/2025/summary.pdf",
        };

        /// <summary>Zero-byte keys ending in "/": consoles' folders, not files.</summary>
        public static readonly IReadOnlyList<string> FolderMarkers = new[] { "reports/", "reports/2026/", "empty-folder/" };

        public S3Credentials User { get; private set; } = null!;

        public string Bucket { get; } = TestS3.UniqueBucket("corpus");

        public int FileCount => GeneratedObjects + SpecialKeys.Count;

        public async Task InitializeAsync()
        {
            User = TestS3.NewUser();
            using var client = TestS3.ClientFor(User);
            await TestS3.CreateBucketAsync(client, Bucket);
            var objects = Enumerable.Range(0, GeneratedObjects)
                .Select(i => new KeyValuePair<string, string>($"generated/{i % 10}/object-{i:D5}.txt", $"object {i}"))
                .Concat(SpecialKeys.Select(k => new KeyValuePair<string, string>(k, "content of " + k)))
                .Concat(FolderMarkers.Select(k => new KeyValuePair<string, string>(k, string.Empty)));
            await TestS3.PutManyAsync(client, Bucket, objects);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
