using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Tests.Ingest.Extraction;
using CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class PdfSyncTests
    {
        [Fact]
        public async Task WithSetPageAsBoundaryNoChunkCrossesAPageAndEachCarriesItsPage()
        {
            using var world = await S3World.CreateAsync();
            var pages = Enumerable.Range(1, 4).Select(n => new[] { $"Page {n} opens here.", $"Page {n} closes with pagemarker{n}." }).ToList();
            await TestS3.PutAsync(world.Client, world.Bucket, "book.pdf", SamplePdfs.Text(pages));

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions { SetPageAsBoundary = true }, "book.pdf");

            var file = run.Files["book.pdf"];
            Assert.True(file.SyncStatus == FileStatus.Ready, file.SyncErrorMessage);
            var chunks = world.Engine.Chunks.ForFile(file.Id).ToList();
            Assert.Equal(new int?[] { 1, 2, 3, 4 }, chunks.Select(c => c.Page));
            foreach (var chunk in chunks)
            {
                Assert.Contains($"pagemarker{chunk.Page}", chunk.Content);
                Assert.Single(Enumerable.Range(1, 4), n => chunk.Content.Contains($"pagemarker{n}"));
            }

            Assert.Equal(4L, world.Engine.Files.Get(file.Id).Metadata[MetadataKeys.PageCount]);
        }

        [Fact]
        public async Task APdfWithoutTextIsReadyWithNoChunksAndAWarningToResyncWithUseOcr()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "scan.pdf", SamplePdfs.Text(new[] { Array.Empty<string>() }));

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "scan.pdf");

            var file = run.Files["scan.pdf"];
            Assert.Equal(FileStatus.Ready, file.SyncStatus);
            Assert.Equal(0, file.Chunks);
            Assert.Contains(run.Warnings, w => w.Contains("scan.pdf") && w.Contains("-UseOcr"));
            var ready = world.Engine.Events.Query(new EventQuery { Types = new[] { EventTypes.FileReady } });
            Assert.Contains(ready, e => e.FileId == file.Id && e.Message.Contains("-UseOcr"));
        }

        [Fact]
        public async Task AScannedPdfSyncedWithUseOcrIsFoundByTheWordsOnItsPages()
        {
            using var world = await S3World.CreateAsync();
            using var samples = new SampleFolder();
            var page = samples.Path("page.png");
            SampleImages.Text(page, 1240, 1754, "Lease agreement for the warehouse");
            await TestS3.PutAsync(world.Client, world.Bucket, "lease.pdf", SamplePdfs.Scanned(File.ReadAllBytes(page)));

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions { UseOcr = true }, "lease.pdf");

            var file = run.Files["lease.pdf"];
            Assert.True(file.SyncStatus == FileStatus.Ready, file.SyncErrorMessage);
            var hit = Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "warehouse" }));
            Assert.Equal("lease.pdf", hit.Key);
            Assert.Equal(1, hit.Page);
        }
    }
}
