using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class FileSyncTests
    {
        [Fact]
        public async Task EveryFormatBecomesASearchableFileAndEveryBrokenObjectAnErrorThatNamesIt()
        {
            using var world = await S3World.CreateAsync();
            await FileCorpus.SeedAsync(world.Client, world.Bucket);

            var finished = await SyncAsync(world, new FileSyncOptions { MaxFileSizeMB = 1 }, SyncTarget.Under(world.Bucket));

            foreach (var (key, marker) in FileCorpus.Markers)
            {
                var file = finished[key];
                Assert.True(file.SyncStatus == FileStatus.Ready, $"{key}: {file.SyncStatus} {file.SyncErrorMessage}");
                Assert.True(file.Chunks > 0, key);
                var hit = Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = marker }));
                Assert.Equal(key, hit.Key);
            }

            foreach (var (key, errorId) in FileCorpus.Broken)
            {
                var file = finished[key];
                Assert.Equal(FileStatus.SyncError, file.SyncStatus);
                Assert.Contains(key, file.SyncErrorMessage);
            }

            var errors = world.Engine.Events.Query(new EventQuery { Types = new[] { EventTypes.FileError } });
            Assert.Equal(FileCorpus.Broken.Count, errors.Count);
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "scriptonly" }));
        }

        [Fact]
        public async Task BrokenObjectsFailWithTheRightErrorIds()
        {
            using var world = await S3World.CreateAsync();
            await FileCorpus.SeedAsync(world.Client, world.Bucket);
            var errors = new ConcurrentBag<CarbonSpacesException>();

            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket, "bad/") }, Options = new FileSyncOptions { MaxFileSizeMB = 1 } },
                _ => { },
                new CollectingReporter(errors),
                CancellationToken.None);

            foreach (var (key, errorId) in FileCorpus.Broken)
            {
                Assert.Contains(errors, e => e.ErrorId == errorId && e.Message.Contains(key));
            }
        }

        [Fact]
        public async Task AnEmptyObjectIsReadyWithNoChunks()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, FileCorpus.EmptyKey, new byte[0]);

            var file = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, FileCorpus.EmptyKey)))[FileCorpus.EmptyKey];

            Assert.Equal(FileStatus.Ready, file.SyncStatus);
            Assert.Equal(0, file.Chunks);
            Assert.Equal(0, file.Size);
        }

        [Fact]
        public async Task OnlyIdsThatNameNoFileAreMissingEachOnce()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, FileCorpus.EmptyKey, new byte[0]);
            var file = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, FileCorpus.EmptyKey)))[FileCorpus.EmptyKey];

            Assert.Equal(new[] { file.Id + 7, file.Id + 3 }, world.Engine.UnknownIds.Find(RecordKind.File, new[] { file.Id + 7, file.Id, file.Id + 3, file.Id + 7 }));
            Assert.Empty(world.Engine.UnknownIds.Find(RecordKind.File, new[] { file.Id }));
        }

        [Fact]
        public async Task AKeyThatClimbsOutOfTheDownloadFolderIsSyncedWithoutWritingOutsideIt()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, FileCorpus.EscapingKey, "climbing text zanzibarclimb");

            var file = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, FileCorpus.EscapingKey)))[FileCorpus.EscapingKey];

            Assert.Equal(FileStatus.Ready, file.SyncStatus);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "zanzibarclimb" }));
            Assert.False(System.IO.File.Exists(Path.Combine(Path.GetTempPath(), "escape-attempt.txt")));
            Assert.False(System.IO.File.Exists(Path.GetFullPath(Path.Combine(Path.GetTempPath(), "CarbonSpaces", "..", "..", "escape-attempt.txt"))));
        }

        [Theory]
        [InlineData(4 * 1024)]
        [InlineData(1024 * 1024)]
        [InlineData(1024 * 1024 + 1)]
        [InlineData(5 * 1024 * 1024 + 3)]
        public async Task ObjectsKeptInMemoryAndObjectsStreamedToDiskAreBuiltWhole(int size)
        {
            // Up to 1 MiB a download stays in a pooled buffer, above it goes to a temporary file.
            using var world = await S3World.CreateAsync();
            var body = "firstwordquokka " + new string('x', size - "firstwordquokka ".Length - " lastwordnarwhal".Length) + " lastwordnarwhal";
            await TestS3.PutAsync(world.Client, world.Bucket, "edge.txt", body);

            var file = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "edge.txt")))["edge.txt"];

            Assert.True(file.SyncStatus == FileStatus.Ready, file.SyncErrorMessage);
            Assert.Equal<long?>(size, file.Size);
            Assert.Equal(size, (int)file.Characters);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "firstwordquokka" }));
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "lastwordnarwhal" }));
        }

        [Fact]
        public async Task AFileRemovedWhileItIsBeingBuiltStaysRemovedAndIsNotReported()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "victim.txt", "soon removed wombatgone");
            await TestS3.PutAsync(world.Client, world.Bucket, "kept.txt", "stays koalakept");
            using var other = world.OpenAnotherEngine();
            var removed = 0;
            world.Requests.BeforeRequest = operation =>
            {
                // Another process removes the file between its download request and the write-back.
                if (operation == "GetObject" && Interlocked.Exchange(ref removed, 1) == 0)
                {
                    var victim = other.Files.Query(new FileQuery { Keys = new[] { "victim.txt" } }).Single();
                    other.FileRemoval.Remove(victim.Id);
                }
            };

            var finished = await SyncAsync(world, new FileSyncOptions(), new[] { SyncTarget.Object(world.Bucket, "victim.txt"), SyncTarget.Object(world.Bucket, "kept.txt") }, throttle: 1);

            Assert.Equal(new[] { "kept.txt" }, finished.Keys);
            Assert.Equal(new[] { "kept.txt" }, world.Engine.Files.Query(new FileQuery()).Select(f => f.Key));
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "wombatgone" }));
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "koalakept" }));
        }

        [Fact]
        public async Task AnOversizedListedObjectFailsWithoutBeingDownloaded()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "big.txt", new string('b', 2 * 1024 * 1024));
            world.Requests.Reset();

            var file = (await SyncAsync(world, new FileSyncOptions { MaxFileSizeMB = 1 }, SyncTarget.Under(world.Bucket)))["big.txt"];

            Assert.Equal(FileStatus.SyncError, file.SyncStatus);
            Assert.Contains("-MaxFileSizeMB", file.SyncErrorMessage);
            Assert.Equal(0, world.Requests["GetObject"]);
        }

        [Fact]
        public async Task AnObjectDeletedBetweenListingAndDownloadIsAnErrorAndTheOthersGoOn()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "kept.txt", "still here kiwikept");
            await TestS3.PutAsync(world.Client, world.Bucket, "gone.txt", "about to go");
            await world.SyncAsync();
            await world.Client.DeleteObjectAsync(world.Bucket, "gone.txt");

            var finished = await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "gone.txt"), SyncTarget.Object(world.Bucket, "kept.txt"));

            Assert.Equal(FileStatus.SyncError, finished["gone.txt"].SyncStatus);
            Assert.Contains("gone.txt", finished["gone.txt"].SyncErrorMessage);
            Assert.Contains("no longer exists", finished["gone.txt"].SyncErrorMessage);
            Assert.Equal(FileStatus.Ready, finished["kept.txt"].SyncStatus);
        }

        [Fact]
        public async Task FilesCarryTheirTagsOptionsAndLabels()
        {
            using var world = await S3World.CreateAsync(provider: CarbonSpaces.Engine.Sources.SourceProvider.DigitalOcean);
            await TestS3.PutAsync(world.Client, world.Bucket, "hr/leave.txt", "Parental leave policy text.");
            var options = new FileSyncOptions { Tags = new Dictionary<string, string> { ["team"] = "hr", ["lang"] = "en" }, ChunkSize = 800, ChunkOverlap = 40, SkipEmbeddingGeneration = true };

            var file = (await SyncAsync(world, options, SyncTarget.Object(world.Bucket, "hr/leave.txt")))["hr/leave.txt"];

            Assert.Equal("hr", file.Options.Tags["team"]);
            Assert.Equal(800, file.Options.ChunkSize);
            Assert.Equal(40, file.Options.ChunkOverlap);
            Assert.True(file.Options.SkipEmbeddingGeneration);
            Assert.Equal("DigitalOcean Space File", file.FileMetadata);
            Assert.Equal("DigitalOcean Space", file.DataSourceMetadata);
            Assert.Equal("TXT", file.FileFormat);
            Assert.Equal("leave.txt", file.Name);
            Assert.NotNull(file.ETag);
            Assert.True(file.Characters > 0 && file.Tokens > 0);
            Assert.Single(world.Engine.Files.Query(new FileQuery { Tags = new Dictionary<string, string> { ["team"] = "hr", ["lang"] = "en" } }));
            Assert.Empty(world.Engine.Files.Query(new FileQuery { Tags = new Dictionary<string, string> { ["team"] = "hr", ["lang"] = "de" } }));
        }

        [Fact]
        public async Task FilesReadTogetherEachKeepTheirOwnOptions()
        {
            // Files with the same stored options share what was parsed from them, never the options object.
            using var world = await S3World.CreateAsync();
            foreach (var key in new[] { "hr/a.txt", "hr/b.txt", "eng/c.txt" })
            {
                await TestS3.PutAsync(world.Client, world.Bucket, key, $"Text of {key}.");
            }

            var hr = new FileSyncOptions { Tags = new Dictionary<string, string> { ["team"] = "hr" }, ChunkSize = 800 };
            var eng = new FileSyncOptions { Tags = new Dictionary<string, string> { ["team"] = "eng" }, MaxFileSizeMB = 5, SetPageAsBoundary = true };
            await SyncAsync(world, hr, SyncTarget.Object(world.Bucket, "hr/a.txt"), SyncTarget.Object(world.Bucket, "hr/b.txt"));
            await SyncAsync(world, eng, SyncTarget.Object(world.Bucket, "eng/c.txt"));

            var files = world.Engine.Files.Query(new FileQuery()).ToDictionary(f => f.Key);

            Assert.Equal(new[] { "hr", "hr", "eng" }, new[] { "hr/a.txt", "hr/b.txt", "eng/c.txt" }.Select(k => files[k].Options.Tags["team"]));
            Assert.Equal((800, 100, false), (files["hr/b.txt"].Options.ChunkSize, files["hr/b.txt"].Options.MaxFileSizeMB, files["hr/b.txt"].Options.SetPageAsBoundary));
            Assert.Equal((5, true), (files["eng/c.txt"].Options.MaxFileSizeMB, files["eng/c.txt"].Options.SetPageAsBoundary));
            Assert.NotSame(files["hr/a.txt"].Options, files["hr/b.txt"].Options);
        }

        [Fact]
        public async Task FiveHundredFilesSyncInParallelAndSyncingAgainMakesNoDuplicatesAndNoDownloads()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, 520).Select(i => new KeyValuePair<string, string>($"many/file-{i:D3}.txt", $"File number {i} talks about topic{i % 7}.")));

            var first = await SyncAsync(world, new FileSyncOptions(), SyncTarget.Under(world.Bucket), throttle: 16);
            Assert.Equal(520, first.Count);
            Assert.All(first.Values, f => Assert.Equal(FileStatus.Ready, f.SyncStatus));
            world.Requests.Reset();

            var second = await SyncAsync(world, new FileSyncOptions(), SyncTarget.Under(world.Bucket), throttle: 16);

            Assert.Equal(first.Values.Select(f => f.Id).OrderBy(i => i), second.Values.Select(f => f.Id).OrderBy(i => i));
            Assert.Equal(520, world.Engine.Files.Count(new FileQuery()));
            Assert.Equal(0, world.Requests["GetObject"]);
            Assert.Equal(520, world.Engine.Search.Search(new SearchQuery { Text = "talks", Top = 1000 }).Count);
        }

        [Fact]
        public async Task AnObjectChosenByTwoTargetsIsBuiltOnce()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "docs/a.txt", "alpha");
            await TestS3.PutAsync(world.Client, world.Bucket, "docs/b.txt", "beta");
            var finished = new ConcurrentBag<SyncedFile>();
            world.Requests.Reset();

            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest
                {
                    DataSourceId = world.Source.Id,
                    Targets = new[] { SyncTarget.Under(world.Bucket), SyncTarget.Under(world.Bucket, "docs/"), SyncTarget.Object(world.Bucket, "docs/a.txt") },
                },
                finished.Add,
                SilentReporter.Instance,
                CancellationToken.None);

            Assert.Equal(2, finished.Count);
            Assert.Equal(2, world.Requests["GetObject"]);
            Assert.All(finished, f => Assert.Equal(FileStatus.Ready, f.SyncStatus));
        }

        [Fact]
        public async Task NewChunkingOptionsRebuildTheSameFile()
        {
            using var world = await S3World.CreateAsync();
            var text = string.Join("\n\n", Enumerable.Range(0, 200).Select(i => $"Paragraph {i} explains the parental leave policy in some detail."));
            await TestS3.PutAsync(world.Client, world.Bucket, "policy.txt", text);
            var coarse = (await SyncAsync(world, new FileSyncOptions { ChunkSize = 1500 }, SyncTarget.Object(world.Bucket, "policy.txt")))["policy.txt"];

            var fine = (await SyncAsync(world, new FileSyncOptions { ChunkSize = 100, ChunkOverlap = 10 }, SyncTarget.Object(world.Bucket, "policy.txt")))["policy.txt"];

            Assert.Equal(coarse.Id, fine.Id);
            Assert.True(fine.Chunks > coarse.Chunks);
            var chunks = world.Engine.Chunks.ForFile(fine.Id).ToList();
            Assert.Equal(Enumerable.Range(0, fine.Chunks), chunks.Select(c => c.Index));
            Assert.All(chunks, c => Assert.True(c.Tokens <= 100));
            Assert.Equal(fine.Chunks, world.Engine.Search.Search(new SearchQuery { Text = "parental", Top = 1000 }).Count);
        }

        [Fact]
        public async Task AnUnchangedReadyObjectIsNotRebuiltWhenSyncedByKey()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "same.txt", "unchanging words");
            var first = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "same.txt")))["same.txt"];
            var events = world.Engine.Events.Query(new EventQuery { Types = new[] { EventTypes.FileReady } }).Count;

            var again = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "same.txt")))["same.txt"];

            Assert.Equal(FileStatus.Ready, again.SyncStatus);
            Assert.Equal(first.LastSyncedAt, again.LastSyncedAt);
            Assert.Equal(events, world.Engine.Events.Query(new EventQuery { Types = new[] { EventTypes.FileReady } }).Count);
        }

        [Fact]
        public async Task AFailedRebuildKeepsTheChunksAlreadyIndexed()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "notes.txt", "original words quokkaoriginal");
            await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "notes.txt"));
            await TestS3.PutAsync(world.Client, world.Bucket, "notes.txt", Ingest.Extraction.HostileSamples.RandomBytes(3000, 9));

            var failed = (await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "notes.txt")))["notes.txt"];

            Assert.Equal(FileStatus.SyncError, failed.SyncStatus);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "quokkaoriginal" }));
        }

        [Fact]
        public async Task AnOverlapNotSmallerThanTheChunkSizeIsRefusedBeforeAnyWork()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "a.txt", "a");

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => SyncAsync(world, new FileSyncOptions { ChunkSize = 50, ChunkOverlap = 50 }, SyncTarget.Under(world.Bucket)));

            Assert.Equal("CarbonSpaces.InvalidChunkOverlap", error.ErrorId);
            Assert.Equal(0, world.Engine.Files.Count(new FileQuery()));
        }

        [Fact]
        public async Task ABucketThatDoesNotExistIsReportedAndOtherTargetsGoOn()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "a.txt", "present");
            var errors = new ConcurrentBag<CarbonSpacesException>();
            var finished = new ConcurrentDictionary<string, SyncedFile>();

            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under("no-such-bucket-zz"), SyncTarget.Under(world.Bucket) } },
                f => finished[f.Key] = f,
                new CollectingReporter(errors),
                CancellationToken.None);

            Assert.Contains(errors, e => e.ErrorId == "CarbonSpaces.BucketNotFound" && e.Message.Contains("no-such-bucket-zz"));
            Assert.Equal(FileStatus.Ready, finished["a.txt"].SyncStatus);
        }

        [Fact]
        public async Task AStoppedRunIsFinishedByTheNextRunWithoutDuplicates()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, 300).Select(i => new KeyValuePair<string, string>($"resume/file-{i:D3}.txt", $"resumable file {i}")));
            using var stop = new CancellationTokenSource();
            var done = 0;

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, ThrottleLimit = 4 },
                _ =>
                {
                    if (Interlocked.Increment(ref done) == 40)
                    {
                        stop.Cancel();
                    }
                },
                SilentReporter.Instance,
                stop.Token));
            var unfinished = world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Queued, FileStatus.Syncing } });
            Assert.True(unfinished > 0, "the stopped run should leave files queued");

            // The next run over the data source, even for another object, finishes what was left.
            await TestS3.PutAsync(world.Client, world.Bucket, "other.txt", "other");
            await SyncAsync(world, new FileSyncOptions(), SyncTarget.Object(world.Bucket, "other.txt"));

            Assert.Equal(301, world.Engine.Files.Count(new FileQuery()));
            Assert.Equal(301, world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } }));
            Assert.Equal(300, world.Engine.Search.Search(new SearchQuery { Text = "resumable", Top = 1000 }).Count);
        }

        [Fact]
        public async Task FilesAreBuiltWhileTheBucketIsStillBeingListed()
        {
            using var world = await S3World.CreateAsync(listPageSize: 20, objects: 100);
            using var downloaded = new ManualResetEventSlim();
            var listings = 0;
            var lastListingWaited = false;
            world.Requests.BeforeRequest = operation =>
            {
                if (operation == "GetObject")
                {
                    downloaded.Set();
                }
                else if (operation == "ListObjectsV2" && Interlocked.Increment(ref listings) == 5)
                {
                    // The last page is asked for only once a file of the first pages is downloading.
                    lastListingWaited = downloaded.Wait(TimeSpan.FromSeconds(30));
                }
            };

            var finished = await SyncAsync(world, new FileSyncOptions(), SyncTarget.Under(world.Bucket), throttle: 4);

            Assert.True(lastListingWaited, "no download began before the listing ended");
            Assert.Equal(100, finished.Count);
            Assert.All(finished.Values, f => Assert.Equal(FileStatus.Ready, f.SyncStatus));
            Assert.Equal(100, world.Requests["GetObject"]);
        }

        [Fact]
        public async Task ARunStoppedWhileListingIsFinishedByTheNextRunWithoutDuplicates()
        {
            using var world = await S3World.CreateAsync(listPageSize: 20, objects: 100);
            using var stop = new CancellationTokenSource();
            var finished = 0;
            world.Requests.BeforeRequest = operation =>
            {
                // Stops before the fourth page is asked for, once some files of the first pages are ready.
                if (operation == "ListObjectsV2" && world.Requests["ListObjectsV2"] == 4)
                {
                    SpinWait.SpinUntil(() => Volatile.Read(ref finished) > 0, TimeSpan.FromSeconds(30));
                    stop.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, ThrottleLimit = 4 },
                _ => Interlocked.Increment(ref finished),
                SilentReporter.Instance,
                stop.Token));
            var ready = world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } });
            Assert.True(ready > 0);
            Assert.InRange(world.Engine.Files.Count(new FileQuery()), ready, 60);
            var created = world.Engine.Events.Query(new EventQuery { Types = new[] { EventTypes.FilesCreated } });
            Assert.Equal(world.Engine.Files.Count(new FileQuery()), created.Sum(e => int.Parse(e.Message.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)));
            world.Requests.BeforeRequest = null;
            world.Requests.Reset();

            var reported = 0;
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, ThrottleLimit = 4 },
                _ => Interlocked.Increment(ref reported),
                SilentReporter.Instance,
                CancellationToken.None);

            Assert.Equal(100, reported);
            Assert.Equal(100 - ready, world.Requests["GetObject"]);
            Assert.Equal(100, world.Engine.Files.Count(new FileQuery { Statuses = new[] { FileStatus.Ready } }));
            Assert.Equal(100, world.Engine.Files.Count(new FileQuery()));
        }

        [Fact]
        public async Task SyncEventsRecordCreationReadinessAndErrors()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "good.txt", "good");
            await TestS3.PutAsync(world.Client, world.Bucket, "bad.exe", "MZ");

            var finished = await SyncAsync(world, new FileSyncOptions(), SyncTarget.Under(world.Bucket));

            var events = world.Engine.Events.Query(new EventQuery { DataSourceIds = new[] { world.Source.Id } });
            Assert.Contains(events, e => e.Type == EventTypes.FilesCreated && e.Message.Contains("2 file(s)"));
            Assert.Contains(events, e => e.Type == EventTypes.FileReady && e.FileId == finished["good.txt"].Id);
            Assert.Contains(events, e => e.Type == EventTypes.FileError && e.FileId == finished["bad.exe"].Id && e.Message.Contains("bad.exe"));
        }

        private static async Task<Dictionary<string, SyncedFile>> SyncAsync(S3World world, FileSyncOptions options, params SyncTarget[] targets) =>
            await SyncAsync(world, options, targets, 8);

        private static Task<Dictionary<string, SyncedFile>> SyncAsync(S3World world, FileSyncOptions options, SyncTarget target, int throttle) =>
            SyncAsync(world, options, new[] { target }, throttle);

        private static async Task<Dictionary<string, SyncedFile>> SyncAsync(S3World world, FileSyncOptions options, SyncTarget[] targets, int throttle)
        {
            var finished = new ConcurrentDictionary<string, SyncedFile>();
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = targets, Options = options, ThrottleLimit = throttle },
                f => finished[f.Key] = f,
                SilentReporter.Instance,
                CancellationToken.None);
            return new Dictionary<string, SyncedFile>(finished);
        }
    }
}
