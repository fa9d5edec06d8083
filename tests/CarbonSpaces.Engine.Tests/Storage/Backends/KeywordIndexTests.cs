using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>
    /// The keyword index of each backend, the same calls and the same answers: stemmed matching of every or any
    /// word, ranking best first and equal scores newest first, the ranking window, filters, exclusions, words that
    /// look like query syntax, stop words, and hits read with their files.
    /// </summary>
    public sealed class KeywordIndexTests
    {
        private static readonly ICollection<long> None = Array.Empty<long>();

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void EveryWordAndAnyWordMatchInAnyFormAndRankTheChunksHoldingMoreFirst(string backend)
        {
            using var store = Filled(backend);

            var every = store.Store.Keywords.Best(KeywordMatch.AllOf(new[] { "running", "fox" }), new ChunkFilter(), 10, None);
            Assert.Equal(new long[] { 1, 2, 4 }, every.Select(h => h.ChunkId).OrderBy(id => id));
            Assert.All(every, hit => Assert.True(hit.Score > 0, $"score {hit.Score}"));
            Assert.Equal(every.Select(h => h.Score).OrderByDescending(s => s), every.Select(h => h.Score));

            var any = store.Store.Keywords.Best(KeywordMatch.AnyOf(new[] { "cat", "fox", "sleeping" }), new ChunkFilter(), 10, None);
            Assert.Equal(new long[] { 1, 2, 3, 4 }, any.Select(h => h.ChunkId).OrderBy(id => id));
            Assert.Equal(3, any[0].ChunkId);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void EqualScoresComeNewestFirstAndTheWindowRanksOnlyTheNewestMatches(string backend)
        {
            using var store = Filled(backend);
            store.AddChunk(20, 1, 20, "zebra crossing");
            store.AddChunk(21, 1, 21, "zebra crossing");
            store.AddChunk(22, 2, 22, "zebra zebra zebra crossing");

            var ranked = store.Store.Keywords.Best(KeywordMatch.AllOf(new[] { "zebra" }), new ChunkFilter(), 10, None);
            Assert.Equal(new long[] { 22, 21, 20 }, ranked.Select(h => h.ChunkId));

            var windowed = store.Store.Keywords.Best(KeywordMatch.AllOf(new[] { "zebra" }), new ChunkFilter(), 10, None, window: 2);
            Assert.Equal(new long[] { 22, 21 }, windowed.Select(h => h.ChunkId));

            var excluded = store.Store.Keywords.Best(KeywordMatch.AllOf(new[] { "zebra" }), new ChunkFilter(), 2, new List<long> { 22 });
            Assert.Equal(new long[] { 21, 20 }, excluded.Select(h => h.ChunkId));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void FiltersByTagsFilesAndDataSources(string backend)
        {
            using var store = Filled(backend);
            var fox = KeywordMatch.AllOf(new[] { "fox" });

            Assert.Equal(new long[] { 3, 4 }, Ids(store.Store.Keywords.Best(fox, new ChunkFilter { Tags = new Dictionary<string, string> { ["PROJECT"] = "apollo" } }, 10, None)));
            Assert.Empty(store.Store.Keywords.Best(fox, new ChunkFilter { Tags = new Dictionary<string, string> { ["project"] = "gemini" } }, 10, None));
            Assert.Equal(new long[] { 1, 2 }, Ids(store.Store.Keywords.Best(fox, new ChunkFilter { FileIds = new long[] { 1 } }, 10, None)));
            Assert.Equal(new long[] { 3, 4 }, Ids(store.Store.Keywords.Best(fox, new ChunkFilter { DataSourceIds = new long[] { 2 } }, 10, None)));
            Assert.Equal(new long[] { 3, 4 }, Ids(store.Store.Keywords.Best(fox, new ChunkFilter { DataSourceIds = new long[] { 2 } }, 10, None, window: 5)));
            Assert.Empty(store.Store.Keywords.Best(fox, new ChunkFilter { FileIds = new long[] { 1 }, DataSourceIds = new long[] { 2 } }, 10, None));
            Assert.Equal(new long[] { 2, 1 }, store.Store.Keywords.Newest(fox, new ChunkFilter { FileIds = new long[] { 1 } }, 10, None).Select(h => h.ChunkId));
            Assert.True(store.Store.Keywords.MatchesMoreThan(fox, new ChunkFilter { FileIds = new long[] { 1 } }, 1));
            Assert.False(store.Store.Keywords.MatchesMoreThan(fox, new ChunkFilter { FileIds = new long[] { 1 } }, 2));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void NewestListsTheLatestMatchesUnrankedAndMatchesMoreThanCountsUpToItsCap(string backend)
        {
            using var store = Filled(backend);
            var fox = KeywordMatch.AllOf(new[] { "fox" });

            var newest = store.Store.Keywords.Newest(fox, new ChunkFilter(), 2, None);
            Assert.Equal(new long[] { 4, 3 }, newest.Select(h => h.ChunkId));
            Assert.All(newest, hit => Assert.Equal(0, hit.Score));
            Assert.Equal(new long[] { 4, 2 }, store.Store.Keywords.Newest(fox, new ChunkFilter(), 2, new List<long> { 3 }).Select(h => h.ChunkId));

            Assert.True(store.Store.Keywords.MatchesMoreThan(fox, new ChunkFilter(), 3));
            Assert.False(store.Store.Keywords.MatchesMoreThan(fox, new ChunkFilter(), 4));
            Assert.False(store.Store.Keywords.MatchesMoreThan(KeywordMatch.AllOf(new[] { "unicorn" }), new ChunkFilter(), 0));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void WordsThatLookLikeQuerySyntaxAreSearchedAsText(string backend)
        {
            using var store = Filled(backend);
            foreach (var word in new[] { "\"fox", "fox:*", "!fox", "fox & cat", "fox|cat", "(fox", "NEAR", "AND", "'", "\\" })
            {
                store.Store.Keywords.Best(KeywordMatch.AllOf(new[] { word }), new ChunkFilter(), 10, None);
                store.Store.Keywords.Best(KeywordMatch.AnyOf(new[] { word, "cat" }), new ChunkFilter(), 10, None);
                store.Store.Keywords.Newest(KeywordMatch.AllOf(new[] { word }), new ChunkFilter(), 10, None);
                store.Store.Keywords.MatchesMoreThan(KeywordMatch.AllOf(new[] { word }), new ChunkFilter(), 10);
            }

            Assert.Contains(3L, Ids(store.Store.Keywords.Best(KeywordMatch.AnyOf(new[] { "fox:*", "cat" }), new ChunkFilter(), 10, None)));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void StopWordsAloneFindTheNewestChunksHoldingThem(string backend)
        {
            using var store = Filled(backend);
            store.AddChunk(30, 2, 30, "To be or not to be");
            store.AddChunk(31, 2, 31, "to err is human");

            Assert.Equal(new long[] { 30 }, store.Store.Keywords.Newest(KeywordMatch.AllOf(new[] { "to", "be" }), new ChunkFilter(), 10, None).Select(h => h.ChunkId));
            Assert.Equal(new long[] { 31, 30 }, store.Store.Keywords.Newest(KeywordMatch.AnyOf(new[] { "to", "be" }), new ChunkFilter(), 10, None).Select(h => h.ChunkId));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ReadGivesTheChunksThatStillExistWithTheirFiles(string backend)
        {
            using var store = Filled(backend);

            var hits = store.Store.Keywords.Read(new long[] { 4, 1, 1, 99 });

            Assert.Equal(new long[] { 1, 4 }, hits.Keys.OrderBy(id => id));
            var hit = hits[4];
            Assert.Equal(2, hit.FileId);
            Assert.Equal(0, hit.ChunkIndex);
            Assert.Equal("Running foxes and a dog", hit.Content);
            Assert.Equal(7, hit.Page);
            Assert.Null(hits[1].Page);
            Assert.Equal("file2.txt", hit.Name);
            Assert.Equal("bucket", hit.Bucket);
            Assert.Equal("docs/file2.txt", hit.Key);
            Assert.Equal("Apollo", hit.Tags["project"]);
            Assert.Equal("{\"source\":2}", hit.DataSourceMetadata);
            Assert.Equal("{\"file\":2}", hit.FileMetadata);
            Assert.Empty(store.Store.Keywords.Read(Array.Empty<long>()));

            var best = store.Store.Keywords.Best(KeywordMatch.AllOf(new[] { "dog" }), new ChunkFilter(), 10, None).Single();
            Assert.Equal(hit.Key, best.Key);
            Assert.Equal(hit.Tags, best.Tags);
            Assert.Equal(hit.Page, best.Page);
        }

        private static long[] Ids(IEnumerable<Engine.Search.SearchHit> hits) => hits.Select(h => h.ChunkId).OrderBy(id => id).ToArray();

        /// <summary>Two data sources; file 1 (source 1) and file 2 (source 2, tagged project=apollo); four chunks.</summary>
        private static BackendStore Filled(string backend)
        {
            var store = BackendStores.Open(backend);
            try
            {
                store.AddDataSource("source 1", 1);
                store.AddDataSource("source 2", 2);
                store.AddFile(1, 1);
                store.AddFile(2, 2, "{\"project\":\"Apollo\"}");
                store.AddChunk(1, 1, 0, "The quick brown fox was running through the long grass of the meadow all day");
                store.AddChunk(2, 1, 1, "A fox runs");
                store.AddChunk(3, 2, 1, "A cat sleeping beside the fox");
                store.AddChunk(4, 2, 0, "Running foxes and a dog", page: 7);
                return store;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
    }
}
