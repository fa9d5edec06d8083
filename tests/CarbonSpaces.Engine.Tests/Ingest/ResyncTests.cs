using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class ResyncTests
    {
        [Fact]
        public async Task AChangedObjectIsRebuiltAndItsOldTextIsNoLongerFound()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "policy.txt", "The old policy mentions wombatold.");
            await TestS3.PutAsync(world.Client, world.Bucket, "policy.txt", "The new policy mentions wombatnew instead.");

            var resynced = await ResyncAsync(world, new ResyncRequest(), file.Id);

            Assert.Equal(file.Id, resynced.Id);
            Assert.Equal(FileStatus.Ready, resynced.SyncStatus);
            Assert.NotEqual(file.ETag, resynced.ETag);
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "wombatold" }));
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "wombatnew" }));
        }

        [Fact]
        public async Task AnUnchangedObjectIsCheckedWithOneHeadAndNeverDownloaded()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "same.txt", "nothing changes here");
            world.Requests.Reset();

            var resynced = await ResyncAsync(world, new ResyncRequest(), file.Id);

            Assert.Equal(FileStatus.Ready, resynced.SyncStatus);
            Assert.Equal(file.LastSyncedAt, resynced.LastSyncedAt);
            Assert.Equal(0, world.Requests["GetObject"]);
            Assert.Equal(1, world.Requests["GetObjectMetadata"]);
        }

        [Fact]
        public async Task ManyFilesOfABucketAreCheckedWithAListingNotAHeadEach()
        {
            using var world = await S3World.CreateAsync(listPageSize: 10);
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, 30).Select(i => new KeyValuePair<string, string>($"many/{i:D2}.txt", $"file {i} bilbyold")));
            await TestS3.PutAsync(world.Client, world.Bucket, "other/outside.txt", "not part of the resync");
            var files = new List<SyncedFile>();
            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket, "many/") } }, files.Add, SilentReporter.Instance, CancellationToken.None);
            await TestS3.PutAsync(world.Client, world.Bucket, "many/07.txt", "changed bilbynew");
            await world.Client.DeleteObjectAsync(world.Bucket, "many/29.txt");
            world.Requests.Reset();
            var finished = new List<SyncedFile>();

            await world.Engine.Resync.ResyncAsync(files.Select(f => f.Id).ToList(), new ResyncRequest(), finished.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(0, world.Requests["GetObjectMetadata"]);
            Assert.Equal(1, world.Requests["GetObject"]);
            Assert.InRange(world.Requests["ListObjectsV2"], 1, 4);
            Assert.Equal(30, finished.Count);
            Assert.Equal(FileStatus.SyncError, finished.Single(f => f.Key == "many/29.txt").SyncStatus);
            Assert.Equal(29, finished.Count(f => f.SyncStatus == FileStatus.Ready));
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "bilbynew" }));
        }

        [Fact]
        public async Task FilesAmongFarMoreKeysAreListedUpToABudgetAndTheRestHeaded()
        {
            // The first file's key, 1,100 keys that are no file, then the other 19 files: the listing
            // stops at its budget (4 × 20 + 1,000 keys) and the files it did not reach are HEADed.
            using var world = await S3World.CreateAsync(listPageSize: 100);
            var keys = new[] { "spread/a.txt" }.Concat(Enumerable.Range(0, 19).Select(i => $"spread/z{i:D2}.txt")).ToList();
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"spread/m{i:D4}", "not a file")));
            await TestS3.PutManyAsync(world.Client, world.Bucket, keys.Select(k => new KeyValuePair<string, string>(k, "file " + k)));
            var ids = new List<long>();
            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = keys.Select(k => SyncTarget.Object(world.Bucket, k)).ToList() }, f => ids.Add(f.Id), SilentReporter.Instance, CancellationToken.None);
            await world.Client.DeleteObjectAsync(world.Bucket, "spread/z18.txt");
            world.Requests.Reset();
            var finished = new List<SyncedFile>();

            await world.Engine.Resync.ResyncAsync(ids, new ResyncRequest(), finished.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(11, world.Requests["ListObjectsV2"]);
            Assert.Equal(19, world.Requests["GetObjectMetadata"]);
            Assert.Equal(0, world.Requests["GetObject"]);
            Assert.Equal(20, finished.Count);
            Assert.Equal(FileStatus.SyncError, finished.Single(f => f.Key == "spread/z18.txt").SyncStatus);
            Assert.Equal(19, world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } }));
        }

        [Fact]
        public async Task AManyFileResyncWithoutTheSecretIsOneErrorAndChangesNoFile()
        {
            using var world = await S3World.CreateAsync(listPageSize: 10);
            var ids = await SyncManyAsync(world, 30);
            // Another session, which was never given the data source's secret.
            using var session = CarbonEngine.Open(world.StorePath, new TestCredentialHost());
            var errors = new ConcurrentBag<CarbonSpacesException>();

            await session.Resync.ResyncAsync(ids, new ResyncRequest(), _ => { }, new CollectingReporter(errors), CancellationToken.None);

            Assert.Equal("CarbonSpaces.CredentialUnavailable", Assert.Single(errors).ErrorId);
            Assert.Equal(0, world.Requests["ListObjectsV2"]);
            Assert.Equal(30, world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } }));
        }

        [Fact]
        public async Task UnchangedFilesAreReportedWhileTheListingGoesOn()
        {
            using var world = await S3World.CreateAsync(listPageSize: 10);
            var ids = await SyncManyAsync(world, 30);
            var reported = 0;
            var listings = 0;
            var reportedBeforeLastPage = false;
            world.Requests.BeforeRequest = operation =>
            {
                if (operation == "ListObjectsV2" && Interlocked.Increment(ref listings) == 3)
                {
                    reportedBeforeLastPage = SpinWait.SpinUntil(() => Volatile.Read(ref reported) > 0, System.TimeSpan.FromSeconds(10));
                }
            };

            await world.Engine.Resync.ResyncAsync(ids, new ResyncRequest(), f => Interlocked.Increment(ref reported), SilentReporter.Instance, CancellationToken.None);

            Assert.True(reportedBeforeLastPage, "no file was reported before the last listing page was asked for");
            Assert.Equal(30, reported);
            Assert.Equal(30, world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } }));
        }

        [Fact]
        public async Task AResyncStoppedWhileListingLeavesEveryFileAsItWasOrReady()
        {
            using var world = await S3World.CreateAsync(listPageSize: 10);
            var ids = await SyncManyAsync(world, 30);
            using var stop = new CancellationTokenSource();
            var reported = 0;
            var listings = 0;
            world.Requests.BeforeRequest = operation =>
            {
                // Stops when the last page is asked for, once the first page's files are reported.
                if (operation == "ListObjectsV2" && Interlocked.Increment(ref listings) == 3)
                {
                    SpinWait.SpinUntil(() => Volatile.Read(ref reported) > 0, System.TimeSpan.FromSeconds(10));
                    stop.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => world.Engine.Resync.ResyncAsync(
                ids, new ResyncRequest(), f => Interlocked.Increment(ref reported), SilentReporter.Instance, stop.Token));

            Assert.InRange(reported, 1, 29);
            Assert.Equal(30, world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } }));
            world.Requests.BeforeRequest = null;
            world.Requests.Reset();
            var again = new List<SyncedFile>();
            await world.Engine.Resync.ResyncAsync(ids, new ResyncRequest(), again.Add, SilentReporter.Instance, CancellationToken.None);
            Assert.Equal(30, again.Count(f => f.SyncStatus == FileStatus.Ready));
            Assert.Equal(0, world.Requests["GetObject"]);
        }

        [Fact]
        public async Task UnchangedFilesCheckedByAListingAreNotWritten()
        {
            using var world = await S3World.CreateAsync(listPageSize: 10);
            var ids = await SyncManyAsync(world, 30);
            var before = world.Engine.Files.FindMany(ids);
            await Task.Delay(20);
            var reported = new List<SyncedFile>();

            await world.Engine.Resync.ResyncAsync(ids, new ResyncRequest(), reported.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(30, reported.Count(f => f.SyncStatus == FileStatus.Ready));
            var after = world.Engine.Files.FindMany(ids);
            Assert.All(ids, id => Assert.Equal(before[id].UpdatedAt, after[id].UpdatedAt));
        }

        [Fact]
        public async Task AResyncStoppedBeforeItsRebuildsLeavesThemForTheNextRun()
        {
            using var world = await S3World.CreateAsync(listPageSize: 10);
            var ids = await SyncManyAsync(world, 30, string.Join(" ", Enumerable.Range(0, 60).Select(i => $"word{i}")));
            Assert.All(world.Engine.Files.FindMany(ids).Values, f => Assert.Equal(1, f.Chunks));
            var smaller = new ResyncRequest { ChunkSize = 10, ChunkOverlap = 0, ThrottleLimit = 1 };
            using var stop = new CancellationTokenSource();
            world.Requests.BeforeRequest = operation =>
            {
                if (operation == "GetObject")
                {
                    stop.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => world.Engine.Resync.ResyncAsync(ids, smaller, _ => { }, SilentReporter.Instance, stop.Token));

            // No file may claim the new chunk size while it still holds the old chunks.
            Assert.DoesNotContain(world.Engine.Files.FindMany(ids).Values, f => f.SyncStatus == FileStatus.Ready && f.Options.ChunkSize == 10 && f.Chunks == 1);
            world.Requests.BeforeRequest = null;
            var again = new List<SyncedFile>();
            await world.Engine.Resync.ResyncAsync(ids, smaller, again.Add, SilentReporter.Instance, CancellationToken.None);
            Assert.Equal(30, again.Count(f => f.SyncStatus == FileStatus.Ready && f.Chunks > 1));
        }

        [Fact]
        public async Task ForceOrNewChunkSettingsRebuildAnUnchangedObject()
        {
            using var world = await S3World.CreateAsync();
            var text = string.Join("\n\n", Enumerable.Range(0, 100).Select(i => $"Paragraph {i} about budgets and forecasts."));
            var file = await SyncOneAsync(world, "report.txt", text);

            var forced = await ResyncAsync(world, new ResyncRequest { Force = true }, file.Id);
            Assert.NotEqual(file.LastSyncedAt, forced.LastSyncedAt);

            var smaller = await ResyncAsync(world, new ResyncRequest { ChunkSize = 50, ChunkOverlap = 5 }, file.Id);
            Assert.Equal(50, smaller.Options.ChunkSize);
            Assert.Equal(5, smaller.Options.ChunkOverlap);
            Assert.True(smaller.Chunks > forced.Chunks);
            Assert.All(world.Engine.Chunks.ForFile(file.Id), c => Assert.True(c.Tokens <= 50));
        }

        [Fact]
        public async Task AnObjectDeletedAtTheSourceIsAnErrorThatKeepsTheChunks()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "gone.txt", "soon gone but still searchable numbatgone");
            await world.Client.DeleteObjectAsync(world.Bucket, "gone.txt");
            var errors = new ConcurrentBag<CarbonSpacesException>();

            var resynced = await ResyncAsync(world, new ResyncRequest(), new CollectingReporter(errors), file.Id);

            Assert.Equal(FileStatus.SyncError, resynced.SyncStatus);
            Assert.Contains("gone.txt", resynced.SyncErrorMessage);
            Assert.Contains(errors, e => e.ErrorId == "CarbonSpaces.ObjectNotFound");
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "numbatgone" }));
        }

        [Fact]
        public async Task ResyncOfAFileIdThatDoesNotExistIsAnErrorAndTheOthersGoOn()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "ok.txt", "fine");
            var errors = new ConcurrentBag<CarbonSpacesException>();
            var finished = new List<SyncedFile>();

            await world.Engine.Resync.ResyncAsync(new[] { 99999L, file.Id }, new ResyncRequest(), finished.Add, new CollectingReporter(errors), CancellationToken.None);

            Assert.Contains(errors, e => e.ErrorId == "CarbonSpaces.FileNotFound" && e.Message.Contains("99999"));
            Assert.Equal(file.Id, Assert.Single(finished).Id);
        }

        [Fact]
        public async Task RemovingAFileTakesItsChunksOutOfSearchAndLeavesTheBucketAlone()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "remove-me.txt", "text of platypusremove");

            world.Engine.FileRemoval.Remove(file.Id);

            Assert.Null(world.Engine.Files.Find(file.Id));
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "platypusremove" }));
            Assert.Empty(world.Engine.Chunks.ForFile(file.Id));
            Assert.Contains(world.Engine.Events.Query(new EventQuery { FileIds = new[] { file.Id } }), e => e.Type == EventTypes.FileDeleted);
            var stillThere = await world.Client.GetObjectMetadataAsync(world.Bucket, "remove-me.txt");
            Assert.True(stillThere.ContentLength > 0);

            var again = Assert.Throws<CarbonSpacesException>(() => world.Engine.FileRemoval.Remove(file.Id));
            Assert.Equal("CarbonSpaces.FileNotFound", again.ErrorId);
        }

        [Fact]
        public async Task DisconnectingWithRemoveFilesRemovesTheDataSourcesFilesToo()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "mine.txt", "owned by the source echidnaowned");

            world.Engine.DataSources.Disconnect(world.Source.Id, removeFiles: true);

            Assert.Null(world.Engine.Files.Find(file.Id));
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "echidnaowned" }));
        }

        [Fact]
        public async Task DisconnectingWithoutRemoveFilesKeepsTheFilesSearchable()
        {
            using var world = await S3World.CreateAsync();
            var file = await SyncOneAsync(world, "kept.txt", "kept after disconnect dingokept");

            world.Engine.DataSources.Disconnect(world.Source.Id, removeFiles: false);

            var kept = world.Engine.Files.Get(file.Id);
            Assert.Null(kept.DataSourceId);
            Assert.Equal("S3 File", kept.FileMetadata);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "dingokept" }));
        }

        private static async Task<SyncedFile> SyncOneAsync(S3World world, string key, string content)
        {
            await TestS3.PutAsync(world.Client, world.Bucket, key, content);
            SyncedFile? file = null;
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Object(world.Bucket, key) } },
                f => file = f,
                SilentReporter.Instance,
                CancellationToken.None);
            Assert.Equal(FileStatus.Ready, file!.SyncStatus);
            return file;
        }

        /// <summary>Syncs <paramref name="count"/> small objects under many/ (each holding <paramref name="text"/>, or its number) and returns their file ids.</summary>
        private static async Task<List<long>> SyncManyAsync(S3World world, int count, string? text = null)
        {
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"many/{i:D2}.txt", text ?? $"file {i}")));
            var files = new List<SyncedFile>();
            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket, "many/") } }, files.Add, SilentReporter.Instance, CancellationToken.None);
            Assert.Equal(count, files.Count(f => f.SyncStatus == FileStatus.Ready));
            world.Requests.Reset();
            return files.Select(f => f.Id).ToList();
        }

        private static Task<SyncedFile> ResyncAsync(S3World world, ResyncRequest request, long id) =>
            ResyncAsync(world, request, SilentReporter.Instance, id);

        private static async Task<SyncedFile> ResyncAsync(S3World world, ResyncRequest request, IOperationReporter reporter, long id)
        {
            SyncedFile? file = null;
            await world.Engine.Resync.ResyncAsync(new[] { id }, request, f => file = f, reporter, CancellationToken.None);
            return file!;
        }
    }
}
