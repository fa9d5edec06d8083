using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>IChunkStore and IChunkWriter on each backend: the same calls, the same answers.</summary>
    public sealed class ChunkStoreTests
    {
        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ReplacingChunksReturnsTheirIdsInTheOrderGivenAndReadsThemBackInOrder(string backend)
        {
            using var store = BackendStores.Open(backend);
            var file = QueueFile(store, "doc.txt");
            var chunks = new[]
            {
                new TextChunk(2, "third", 3, 20, 30, null, TimeSpan.FromMilliseconds(2500.4), TimeSpan.FromSeconds(4)),
                new TextChunk(0, "first", 1, 0, 10, 1),
                new TextChunk(1, "second", 2, 10, 20, 2),
            };
            IReadOnlyList<long> ids;
            using (var work = store.BeginWrite())
            using (var writer = store.Store.Chunks.OpenWriter())
            {
                ids = writer.Replace(work, file, chunks);
                work.Commit();
            }

            var byIndex = store.Longs($"SELECT id FROM chunks WHERE file_id = {file} ORDER BY chunk_index;");
            Assert.Equal(new[] { byIndex[2], byIndex[0], byIndex[1] }, ids);
            var stored = store.Store.Chunks.ForFile(file).ToList();
            Assert.Equal(new[] { 0, 1, 2 }, stored.Select(chunk => chunk.Index));
            Assert.Equal(new[] { "first", "second", "third" }, stored.Select(chunk => chunk.Content));
            Assert.Equal((file, 1, 1, 0, 10), (stored[0].FileId, stored[0].Tokens, stored[0].Page!.Value, stored[0].StartOffset, stored[0].EndOffset));
            Assert.Equal(((int?)null, 20, 30), (stored[2].Page, stored[2].StartOffset, stored[2].EndOffset));
            Assert.Equal((TimeSpan.FromMilliseconds(2500), TimeSpan.FromSeconds(4)), (stored[2].StartTime!.Value, stored[2].EndTime!.Value));
            Assert.Null(stored[0].StartTime);
            Assert.Empty(store.Store.Chunks.ForFile(file + 100));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ReplacingTakesTheOldChunksAwayAndARolledBackReplaceKeepsThem(string backend)
        {
            using var store = BackendStores.Open(backend);
            var file = QueueFile(store, "doc.txt");
            var other = QueueFile(store, "other.txt");
            using var writer = store.Store.Chunks.OpenWriter();
            using (var work = store.BeginWrite())
            {
                writer.Replace(work, file, Chunks("old", 5));
                writer.Replace(work, other, Chunks("other", 2));
                work.Commit();
            }

            using (var work = store.BeginWrite())
            {
                writer.Replace(work, file, Chunks("lost", 1));
            }

            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"old {i}"), store.Store.Chunks.ForFile(file).Select(chunk => chunk.Content));
            IReadOnlyList<long> ids;
            using (var work = store.BeginWrite())
            {
                ids = writer.Replace(work, file, Chunks("new", 2));
                Assert.Empty(writer.Replace(work, other, Array.Empty<TextChunk>()));
                work.Commit();
            }

            Assert.Equal(new[] { "new 0", "new 1" }, store.Store.Chunks.ForFile(file).Select(chunk => chunk.Content));
            Assert.Equal(ids, store.Longs($"SELECT id FROM chunks WHERE file_id = {file} ORDER BY chunk_index;"));
            Assert.Empty(store.Store.Chunks.ForFile(other));
            Assert.Equal(2L, store.ScalarLong("SELECT count(*) FROM chunks;"));
        }

        /// <summary>
        /// A writer lives for a whole sync, and each batch's unit of work takes whichever connection of the pool is free:
        /// here the second unit of work gets another connection than the first, because the first's is held.
        /// </summary>
        [Theory]
        [BackendData(BackendStores.Postgres)]
        public void OneWriterReplacesOnWhicheverPooledConnectionEachUnitOfWorkHolds(string backend)
        {
            using var store = BackendStores.Open(backend);
            var first = QueueFile(store, "first.txt");
            var second = QueueFile(store, "second.txt");
            using var writer = store.Store.Chunks.OpenWriter();
            using (var work = store.BeginWrite())
            {
                writer.Replace(work, first, Chunks("first", 2));
                work.Commit();
            }

            using (var holdsTheFirstConnection = store.BeginWrite())
            using (var work = store.BeginWrite())
            {
                writer.Replace(work, second, Chunks("second", 3));
                work.Commit();
            }

            Assert.Equal(new[] { "first 0", "first 1" }, store.Store.Chunks.ForFile(first).Select(chunk => chunk.Content));
            Assert.Equal(new[] { "second 0", "second 1", "second 2" }, store.Store.Chunks.ForFile(second).Select(chunk => chunk.Content));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task TwoProcessesReplacingChunksAtOnceEachKeepTheirOwn(string backend)
        {
            using var store = BackendStores.Open(backend);
            using var other = store.OpenAnother();
            var files = Enumerable.Range(0, 40).Select(i => QueueFile(store, $"f{i:D2}.txt")).ToArray();
            using var start = new Barrier(2);
            void ReplaceAll(BackendStore writerStore, IEnumerable<long> mine, string text)
            {
                start.SignalAndWait();
                using var writer = writerStore.Store.Chunks.OpenWriter();
                foreach (var batch in mine.Chunk(5))
                {
                    using var work = writerStore.BeginWrite();
                    foreach (var file in batch)
                    {
                        writer.Replace(work, file, Chunks(text, 3));
                    }

                    work.Commit();
                }
            }

            await Task.WhenAll(
                Task.Factory.StartNew(() => ReplaceAll(store, files.Where((_, i) => i % 2 == 0), "even"), TaskCreationOptions.LongRunning),
                Task.Factory.StartNew(() => ReplaceAll(other, files.Where((_, i) => i % 2 == 1), "odd"), TaskCreationOptions.LongRunning));

            for (var i = 0; i < files.Length; i++)
            {
                Assert.Equal(Chunks(i % 2 == 0 ? "even" : "odd", 3).Select(chunk => chunk.Content), store.Store.Chunks.ForFile(files[i]).Select(chunk => chunk.Content));
            }
        }

        private static long QueueFile(BackendStore store, string key)
        {
            var source = store.AddDataSource("source-" + key.Replace('.', '-'));
            using var work = store.BeginWrite();
            var id = store.Store.Files.Queue(work, source, "bucket", key, new FileSyncOptions(), null);
            work.Commit();
            return id;
        }

        private static TextChunk[] Chunks(string text, int count) =>
            Enumerable.Range(0, count).Select(i => new TextChunk(i, $"{text} {i}", 2, i * 10, (i * 10) + 9, null)).ToArray();
    }
}
