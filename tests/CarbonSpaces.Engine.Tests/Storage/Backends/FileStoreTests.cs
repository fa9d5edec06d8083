using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>IFileStore on each backend: the same calls, the same answers.</summary>
    public sealed class FileStoreTests
    {
        private static readonly FileSyncOptions Plain = new FileSyncOptions();

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void QueuingAnObjectAgainKeepsItsFileAndTakesTheNewOptions(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            long root, id, again;
            using (var work = store.BeginWrite())
            {
                root = store.Store.Files.UpsertSyncRoot(work, source.Id, "bucket", "docs/", Plain);
                id = store.Store.Files.Queue(work, source, "bucket", "docs/Report.PDF", Plain, root);
                store.Store.Files.SetStatus(work, id, FileStatus.SyncError, "broken");
                again = store.Store.Files.Queue(work, source, "bucket", "docs/Report.PDF", new FileSyncOptions { ChunkSize = 300, ChunkOverlap = 30, SkipEmbeddingGeneration = true, Tags = new Dictionary<string, string> { ["team"] = "blue" } }, null);
                work.Commit();
            }

            Assert.Equal(id, again);
            var file = store.Store.Files.Get(id);
            Assert.Equal(source.Id, file.DataSourceId);
            Assert.Equal(("bucket", "docs/Report.PDF", "Report.PDF"), (file.Bucket, file.Key, file.Name));
            Assert.Equal(FileStatus.Queued, file.SyncStatus);
            Assert.Null(file.SyncErrorMessage);
            Assert.Equal(root, file.SyncRootId);
            Assert.Equal((300, 30, true, "blue"), (file.Options.ChunkSize, file.Options.ChunkOverlap, file.Options.SkipEmbeddingGeneration, file.Options.Tags["team"]));
            Assert.Equal(FormatDetector.FormatOf("Report.PDF"), file.FileFormat);
            Assert.Equal(id, store.Store.Files.FindByObject(source.Id, "bucket", "docs/Report.PDF")!.Id);
            Assert.Null(store.Store.Files.FindByObject(source.Id, "bucket", "docs/report.pdf"));
            Assert.Equal(new[] { id }, store.Store.Files.IdsOf(source.Id));
            Assert.Equal(new[] { id }, store.Store.Files.FindMany(new[] { id, id + 100 }).Keys);
            Assert.Empty(store.Store.Files.FindMany(Array.Empty<long>()));
            Assert.Null(store.Store.Files.Find(id + 100));
            Assert.Equal("CarbonSpaces.FileNotFound", Assert.Throws<CarbonSpacesException>(() => store.Store.Files.Get(id + 100)).ErrorId);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void QueriesFilterOrderAndPageAsBothBackendsDo(string backend)
        {
            using var store = BackendStores.Open(backend);
            var one = store.AddDataSource("one");
            var two = store.AddDataSource("two");
            var ids = new Dictionary<string, long>();
            using (var work = store.BeginWrite())
            {
                foreach (var key in new[] { "a/Alpha.txt", "a/beta.TXT", "b/gamma.md", "c/[x]*.txt", "d/Delta.pdf" })
                {
                    var tags = key.StartsWith("a/", StringComparison.Ordinal) ? new Dictionary<string, string> { ["Team"] = "Blue" } : Tags.Empty;
                    ids[key] = store.Store.Files.Queue(work, key == "d/Delta.pdf" ? two : one, key == "b/gamma.md" ? "other" : "bucket", key, new FileSyncOptions { Tags = tags }, null);
                }

                store.Store.Files.RecordSourceVersion(work, ids["a/beta.TXT"], new ObjectVersion(10, "e1", 100));
                store.Store.Files.RecordSourceVersion(work, ids["b/gamma.md"], new ObjectVersion(5, null, null));
                store.Store.Files.SetStatus(work, ids["c/[x]*.txt"], FileStatus.SyncError, "no");
                work.Commit();
            }

            long[] Ids(FileQuery query) => store.Store.Files.Query(query).Select(file => file.Id).ToArray();
            long[] Of(params string[] keys) => keys.Select(key => ids[key]).ToArray();

            Assert.Equal(Of("a/Alpha.txt", "a/beta.TXT", "c/[x]*.txt"), Ids(new FileQuery { Names = new[] { "*.TXT" }, OrderBy = FileOrder.Id }));
            Assert.Equal(Of("a/beta.TXT", "d/Delta.pdf"), Ids(new FileQuery { Names = new[] { "[b-d]*" }, OrderBy = FileOrder.Id }));
            Assert.Equal(Of("c/[x]*.txt"), Ids(new FileQuery { Names = new[] { "`[x`]`*.txt" } }));
            Assert.Equal(Of("a/Alpha.txt"), Ids(new FileQuery { Names = new[] { "alpha.txt", "zeta" } }));
            Assert.Empty(Ids(new FileQuery { Names = new[] { "alpha" } }));
            Assert.Equal(Of("a/Alpha.txt", "a/beta.TXT"), Ids(new FileQuery { Tags = new Dictionary<string, string> { ["team"] = "BLUE" }, OrderBy = FileOrder.Id }));
            Assert.Equal(Of("b/gamma.md"), Ids(new FileQuery { Buckets = new[] { "other" } }));
            Assert.Equal(Of("a/beta.TXT"), Ids(new FileQuery { Keys = new[] { "a/beta.TXT", "a/BETA.txt" } }));
            Assert.Equal(Of("c/[x]*.txt"), Ids(new FileQuery { Statuses = new[] { FileStatus.SyncError } }));
            Assert.Equal(Of("d/Delta.pdf"), Ids(new FileQuery { DataSourceIds = new[] { two.Id } }));
            Assert.Equal(Of("a/beta.TXT", "b/gamma.md"), Ids(new FileQuery { Ids = Of("b/gamma.md", "a/beta.TXT"), OrderBy = FileOrder.Id }));
            // names without regard to case, then byte by byte: "[" sorts before letters
            Assert.Equal(Of("b/gamma.md", "d/Delta.pdf", "a/beta.TXT", "a/Alpha.txt", "c/[x]*.txt"), Ids(new FileQuery { OrderBy = FileOrder.Name, Descending = true }));
            // no size sorts first ascending and last descending, as SQLite sorts NULL
            Assert.Equal(Of("a/Alpha.txt", "c/[x]*.txt", "d/Delta.pdf", "b/gamma.md", "a/beta.TXT"), Ids(new FileQuery { OrderBy = FileOrder.Size }));
            Assert.Equal(Of("a/beta.TXT", "b/gamma.md", "d/Delta.pdf", "c/[x]*.txt", "a/Alpha.txt"), Ids(new FileQuery { OrderBy = FileOrder.Size, Descending = true }));
            Assert.Equal(Of("a/beta.TXT", "b/gamma.md"), Ids(new FileQuery { OrderBy = FileOrder.CreatedAt, Skip = 1, First = 2 }));
            Assert.Equal(Of("c/[x]*.txt", "d/Delta.pdf"), Ids(new FileQuery { OrderBy = FileOrder.Id, Skip = 3 }));
            Assert.Equal(5, store.Store.Files.Count(new FileQuery()));
            Assert.Equal(3, store.Store.Files.Count(new FileQuery { Names = new[] { "*a.*" }, DataSourceIds = new[] { one.Id } }));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void NameWildcardsTakeEveryOtherCharacterLiterally(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            var ids = new Dictionary<string, long>();
            using (var work = store.BeginWrite())
            {
                foreach (var key in new[] { @"a+b(1)$.txt", @"aab1.txt", @"back\slash.txt", @"x.y{2}|^z", @"]odd[" })
                {
                    ids[key] = store.Store.Files.Queue(work, source, "bucket", key, Plain, null);
                }

                work.Commit();
            }

            long[] Ids(params string[] names) => store.Store.Files.Query(new FileQuery { Names = names, OrderBy = FileOrder.Id }).Select(file => file.Id).ToArray();

            Assert.Equal(new[] { ids[@"a+b(1)$.txt"] }, Ids(@"A+B(1)$.*"));
            Assert.Equal(new[] { ids[@"back\slash.txt"] }, Ids(@"back\slash.txt"));
            Assert.Equal(new[] { ids[@"back\slash.txt"] }, Ids(@"back[\]slash.txt"));
            Assert.Equal(new[] { ids[@"x.y{2}|^z"] }, Ids(@"x.y{2}|^z"));
            Assert.Equal(new[] { ids[@"]odd["] }, Ids(@"]odd["));
            Assert.Equal(new[] { ids[@"a+b(1)$.txt"], ids[@"aab1.txt"] }, Ids("a?b*"));
            Assert.Empty(Ids("a.b*"));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void StatusesBuildsAndVersionsAreRecorded(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            long first, second;
            DateTimeOffset stamped;
            using (var work = store.BeginWrite())
            {
                first = store.Store.Files.Queue(work, source, "bucket", "a.txt", Plain, null);
                second = store.Store.Files.Queue(work, source, "bucket", "b.txt", Plain, null);
                Assert.True(store.Store.Files.SetStatus(work, first, FileStatus.SyncError, "kept"));
                Assert.False(store.Store.Files.SetStatus(work, second + 100, FileStatus.Ready, null));
                stamped = store.Store.Files.SetStatuses(work, new[] { first, second }, FileStatus.Syncing, clearMessage: false);
                work.Commit();
            }

            Assert.Equal(("kept", stamped), (store.Store.Files.Get(first).SyncErrorMessage, store.Store.Files.Get(first).UpdatedAt));
            Assert.Equal(new[] { first, second }, store.Store.Files.Unfinished(source.Id).Select(file => file.Id));

            var chunks = new[] { new TextChunk(0, "one", 1, 0, 3, null), new TextChunk(1, "two", 1, 4, 7, 2) };
            var metadata = new DocumentMetadata();
            metadata.Set("title", "The title");
            var build = new FileBuild(new ObjectVersion(42, "etag-1", 1_700_000_000_000), new ExtractedDocument("txt", Array.Empty<ExtractedSegment>(), metadata: metadata), 7, 2, chunks, new FileSyncOptions { ChunkSize = 200, ChunkOverlap = 20 })
            {
                Embeddings = new[] { new float[] { 1 }, new float[] { 2 } },
                EmbeddingModel = "model-a",
            };
            using (var work = store.BeginWrite())
            {
                store.Store.Files.SetStatuses(work, new[] { first }, FileStatus.Syncing, clearMessage: true);
                Assert.True(store.Store.Files.MarkReady(work, first, build));
                Assert.False(store.Store.Files.MarkReady(work, second + 100, build));
                store.Store.Files.RecordMetadata(work, second, "IMAGE", metadata);
                store.Store.Files.RecordSourceVersion(work, second, new ObjectVersion(9, "etag-2", null));
                work.Commit();
            }

            var ready = store.Store.Files.Get(first);
            Assert.Equal((FileStatus.Ready, (string?)null, "txt", 42L, "etag-1"), (ready.SyncStatus, ready.SyncErrorMessage, ready.FileFormat, ready.Size, ready.ETag));
            Assert.Equal((7L, 2L, 2, 2, "model-a", 200, 20), (ready.Characters, ready.Tokens, ready.Chunks, ready.Embeddings, ready.EmbeddingModel, ready.Options.ChunkSize, ready.Options.ChunkOverlap));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), ready.SourceLastModified);
            Assert.NotNull(ready.LastSyncedAt);
            Assert.Equal("The title", ready.Metadata["title"]);
            var recorded = store.Store.Files.Get(second);
            Assert.Equal(("IMAGE", 9L, "etag-2", (DateTimeOffset?)null), (recorded.MediaType, recorded.Size, recorded.ETag, recorded.SourceLastModified));
            Assert.Equal("The title", recorded.Metadata["title"]);
            Assert.Equal(new[] { second }, store.Store.Files.Unfinished(source.Id).Select(file => file.Id));

            using (var work = store.BeginWrite())
            {
                store.Store.Files.ForgetSourceVersion(work, first);
                store.Store.Files.RecordEmbeddings(work, first, 5, "model-b", new FileSyncOptions { ChunkSize = 400, ChunkOverlap = 40, Tags = new Dictionary<string, string> { ["k"] = "v" } });
                store.Store.Files.UpdateOptions(work, second, new FileSyncOptions { SkipEmbeddingGeneration = true }, null);
                work.Commit();
            }

            var again = store.Store.Files.Get(first);
            Assert.Equal(((string?)null, 5, "model-b", 400, "v", FileStatus.Ready), (again.ETag, again.Embeddings, again.EmbeddingModel, again.Options.ChunkSize, again.Options.Tags["k"], again.SyncStatus));
            Assert.True(store.Store.Files.Get(second).Options.SkipEmbeddingGeneration);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void RemovingAFileTakesItsChunksAndRemembersItsObjectUntilAskedForAgain(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            var keys = new[] { "k1", "k2", "k3", "k4" };
            var ids = new List<long>();
            using (var work = store.BeginWrite())
            {
                using var writer = store.Store.Chunks.OpenWriter();
                foreach (var key in keys)
                {
                    var id = store.Store.Files.Queue(work, source, "bucket", key, Plain, null);
                    writer.Replace(work, id, new[] { new TextChunk(0, "text of " + key, 3, 0, 10, null) });
                    ids.Add(id);
                }

                work.Commit();
            }

            using (var work = store.BeginWrite())
            {
                var removed = store.Store.Files.Remove(work, ids[0], rememberRemoval: true)!;
                Assert.Equal((source.Id, "bucket", "k1"), (removed.DataSourceId, removed.Bucket, removed.Key));
                store.Store.Files.Remove(work, ids[1], rememberRemoval: true);
                store.Store.Files.Remove(work, ids[2], rememberRemoval: true);
                Assert.NotNull(store.Store.Files.Remove(work, ids[3], rememberRemoval: false));
                Assert.Null(store.Store.Files.Remove(work, ids[3], rememberRemoval: true));
                work.Commit();
            }

            Assert.Equal(0L, store.ScalarLong("SELECT count(*) FROM chunks;"));
            Assert.Equal(3L, store.ScalarLong("SELECT count(*) FROM removed_objects;"));
            using (var work = store.BeginWrite())
            {
                store.Store.Files.ForgetRemoval(work, source.Id, "bucket", "k1");
                store.Store.Files.ForgetRemovals(work, source.Id, "bucket", "k2", "k2");
                work.Commit();
            }

            Assert.Equal("k3", store.Scalar("SELECT key FROM removed_objects;"));

            // a file whose data source was disconnected has no object to remember
            long orphan;
            var gone = store.AddDataSource("gone");
            using (var work = store.BeginWrite())
            {
                orphan = store.Store.Files.Queue(work, gone, "bucket", "k9", Plain, null);
                work.Commit();
            }

            store.Execute("DELETE FROM data_sources WHERE name = 'gone';");
            using (var work = store.BeginWrite())
            {
                var removed = store.Store.Files.Remove(work, orphan, rememberRemoval: true)!;
                Assert.Equal(((long?)null, "k9"), (removed.DataSourceId, removed.Key));
                work.Commit();
            }

            Assert.Equal(1L, store.ScalarLong("SELECT count(*) FROM removed_objects;"));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ListingScopesAndRangesFollowTheByteOrderOfS3(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            var gone = store.AddDataSource("gone");
            var keys = Enumerable.Range(0, 100).Select(i => $"k{i:D3}").Concat(new[] { "B", "a", "z", "é" }).ToArray();
            var ids = new List<long>();
            using (var work = store.BeginWrite())
            {
                ids.AddRange(keys.Select(key => store.Store.Files.Queue(work, source, "bucket", key, Plain, null)));
                ids.Add(store.Store.Files.Queue(work, source, "other", "only", Plain, null));
                ids.Add(store.Store.Files.Queue(work, gone, "bucket", "x", Plain, null));
                work.Commit();
            }

            store.Execute($"DELETE FROM data_sources WHERE id = {gone.Id};");
            var scopes = store.Store.Files.ListingScopes(ids).OrderBy(scope => scope.Bucket, StringComparer.Ordinal).ToList();
            Assert.Equal(2, scopes.Count);
            Assert.Equal((source.Id, "bucket", 104, "B", "é"), (scopes[0].DataSourceId, scopes[0].Bucket, scopes[0].Files, scopes[0].FirstKey, scopes[0].LastKey));
            Assert.Equal(("other", 1, "only", "only"), (scopes[1].Bucket, scopes[1].Files, scopes[1].FirstKey, scopes[1].LastKey));

            var ordered = keys.OrderBy(key => key, Comparer<string>.Create(Utf8Order.Compare)).ToArray();
            Assert.Equal(new[] { ordered[26], ordered[52], ordered[78] }, store.Store.Files.SplitKeys(scopes[0], 10, 4));
            Assert.Empty(store.Store.Files.SplitKeys(scopes[1], 10, 4));

            var range = store.Store.Files.FindInRange(source.Id, "bucket", "k010", "k012");
            Assert.Equal(new[] { "k010", "k011", "k012" }, range.Keys.OrderBy(key => key, StringComparer.Ordinal));
            Assert.Equal(ids[10], range["k010"].Id);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ASyncRootIsOneRowPerPrefixAndTakesNewOptions(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            long first, second, again;
            using (var work = store.BeginWrite())
            {
                first = store.Store.Files.UpsertSyncRoot(work, source.Id, "bucket", "", Plain);
                second = store.Store.Files.UpsertSyncRoot(work, source.Id, "bucket", "docs/", Plain);
                again = store.Store.Files.UpsertSyncRoot(work, source.Id, "bucket", "", new FileSyncOptions { ChunkSize = 128, SkipEmbeddingGeneration = true });
                work.Commit();
            }

            Assert.Equal(first, again);
            Assert.NotEqual(first, second);
            var roots = store.Store.Files.SyncRootsOf(source.Id);
            Assert.Equal(new[] { (first, ""), (second, "docs/") }, roots.Select(root => (root.Id, root.Prefix)));
            Assert.Equal((128, true), (roots[0].Options.ChunkSize, roots[0].Options.SkipEmbeddingGeneration));
            Assert.Empty(store.Store.Files.SyncRootsOf(source.Id + 100));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task TwoProcessesQueuingTheSameObjectsAtOnceMakeOneFileEach(string backend)
        {
            using var store = BackendStores.Open(backend);
            var source = store.AddDataSource("one");
            using var other = store.OpenAnother();
            var keys = Enumerable.Range(0, 200).Select(i => $"key-{i:D3}").ToArray();
            using var start = new Barrier(2);
            long[] QueueAll(BackendStore writer)
            {
                start.SignalAndWait();
                var queued = new List<long>();
                foreach (var batch in keys.Chunk(20))
                {
                    using var work = writer.BeginWrite();
                    queued.AddRange(batch.Select(key => writer.Store.Files.Queue(work, source, "bucket", key, Plain, null)));
                    writer.Store.Files.UpsertSyncRoot(work, source.Id, "bucket", "", Plain);
                    work.Commit();
                }

                return queued.ToArray();
            }

            var runs = await Task.WhenAll(new[] { store, other }.Select(writer => Task.Factory.StartNew(() => QueueAll(writer), TaskCreationOptions.LongRunning)));

            Assert.Equal(runs[0], runs[1]);
            Assert.Equal(keys.Length, runs[0].Distinct().Count());
            Assert.Equal((long)keys.Length, store.ScalarLong("SELECT count(*) FROM files;"));
            Assert.Single(store.Store.Files.SyncRootsOf(source.Id));
        }
    }
}
