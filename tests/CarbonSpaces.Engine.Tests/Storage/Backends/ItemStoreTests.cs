using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>
    /// IItemStore and IItemPageStore on every backend: the same calls, the same answers. The postgres case runs on the
    /// server tools/test.sh starts (CARBONSPACES_TEST_POSTGRES) and is skipped, saying why, without one.
    /// </summary>
    public sealed class ItemStoreTests
    {
        private const long Source = 7;

        // Objects of one bucket in listing (byte) order, with the names and formats the store derives from their keys.
        private static readonly string[] Keys =
        {
            "B.txt", "Report1.pdf", "Zeta.md", "a*b.txt", "axb.txt", "reports/q3.docx", "reports/report22.PDF", "émile.txt",
        };

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void BucketsAreAddedListedDatedAndRemovedWithTheirObjects(string backend)
        {
            using var store = Open(backend);
            long docs, archive;
            using (var work = store.BeginWrite())
            {
                docs = store.Store.Items.AddBucket(work, Source, "docs", 1000);
                archive = store.Store.Items.AddBucket(work, Source, "Archive", null);
                work.Commit();
            }

            Assert.Equal(new[] { "Archive", "docs" }, store.Store.Items.BucketNames(Source));
            var buckets = store.Store.Items.BucketItems(Source);
            Assert.Equal((docs, (long?)1000), buckets["docs"]);
            Assert.Equal((archive, (long?)null), buckets["Archive"]);

            using (var work = store.BeginWrite())
            {
                store.Store.Items.SetBucketCreated(work, archive, 2000);
                Assert.Equal(2000, store.Store.Items.BucketItems(Source, work)["Archive"].Created);
                work.Commit();
            }

            WriteObjects(store, "docs", docs, Keys);
            using (var work = store.BeginWrite())
            {
                Assert.Equal(1 + Keys.Length, store.Store.Items.RemoveBucket(work, docs));
                work.Commit();
            }

            Assert.Equal(new[] { "Archive" }, store.Store.Items.BucketNames(Source));
            Assert.Equal(0, store.Store.Items.CountObjects(Source, "docs"));
            Assert.Equal(1, store.Store.Items.Count(new ItemQuery()));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void APageRangeIsSummedReadAndRewritten(string backend)
        {
            using var store = Open(backend);
            var bucket = AddBucket(store, "docs");
            var listed = Keys.Select((key, i) => Listed(key, 100 + i)).ToList();
            using var pages = store.Store.Items.OpenPages(Source, "docs", bucket);
            Assert.True(pages.Holds(string.Empty, null, 0, 0));

            var write = new ItemPageWrite();
            write.Added.AddRange(listed);
            using (var work = store.BeginWrite())
            {
                pages.Write(work, write);
                work.Commit();
            }

            // Keys sort byte by byte, as S3 lists them: upper case before lower, "é" after "z".
            Assert.Equal(Keys.Length, store.Store.Items.CountObjects(Source, "docs"));
            Assert.Equal(Keys, Enumerable.Range(0, Keys.Length).Select(i => store.Store.Items.ObjectKeyAt(Source, "docs", i)));
            Assert.Null(store.Store.Items.ObjectKeyAt(Source, "docs", Keys.Length));

            // First page: up to "a*b.txt"; the tail after it is open-ended.
            var first = listed.Take(4).ToList();
            var tail = listed.Skip(4).ToList();
            Assert.True(pages.Holds(string.Empty, "a*b.txt", 4, first.Sum(o => o.Fingerprint)));
            Assert.True(pages.Holds("a*b.txt", null, tail.Count, tail.Sum(o => o.Fingerprint)));
            Assert.False(pages.Holds(string.Empty, "a*b.txt", 4, first.Sum(o => o.Fingerprint) + 1));
            Assert.False(pages.Holds(string.Empty, "a*b.txt", 3, first.Take(3).Sum(o => o.Fingerprint)));

            var known = pages.Read(string.Empty, "a*b.txt");
            Assert.Equal(new[] { "B.txt", "Report1.pdf", "Zeta.md", "a*b.txt" }, known.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(101, known["Report1.pdf"].Size);
            Assert.Equal("\"etag-Report1.pdf\"", known["Report1.pdf"].ETag);
            Assert.Equal(1_700_000_000_000 + 101, known["Report1.pdf"].Modified);
            Assert.Equal(listed[1].Fingerprint, known["Report1.pdf"].Fingerprint);

            // The page now lists Report1.pdf changed, Zeta.md gone and Apple.txt new.
            var changed = Listed("Report1.pdf", 555, etag: null);
            var apple = Listed("Apple.txt", 7);
            var page = new ItemPageWrite();
            page.Updated.Add((known["Report1.pdf"].Id, changed));
            page.Removed.Add(known["Zeta.md"].Id);
            page.Added.Add(apple);
            using (var work = store.BeginWrite())
            {
                Assert.Equal(4, pages.Read(string.Empty, "a*b.txt", work).Count);
                pages.Write(work, page);
                work.Commit();
            }

            var rewritten = new[] { apple, listed[0], changed, listed[3] };
            Assert.True(pages.Holds(string.Empty, "a*b.txt", 4, rewritten.Sum(o => o.Fingerprint)));
            var after = pages.Read(string.Empty, "a*b.txt");
            Assert.Equal(new[] { "Apple.txt", "B.txt", "Report1.pdf", "a*b.txt" }, after.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(555, after["Report1.pdf"].Size);
            Assert.Null(after["Report1.pdf"].ETag);
            Assert.Equal(known["Report1.pdf"].Id, after["Report1.pdf"].Id);

            var appleItem = Assert.Single(store.Store.Items.Query(new ItemQuery { Names = new[] { "apple.txt" } }));
            Assert.Equal(bucket, appleItem.ParentId);
            Assert.Equal(ItemKind.File, appleItem.Kind);
            Assert.Equal("TXT", appleItem.FileFormat);
            Assert.Equal(7, appleItem.Size);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void QueriesFilterOrderAndPageAsTheSqliteStoreDoes(string backend)
        {
            using var store = Open(backend);
            var docs = AddBucket(store, "docs");
            var other = AddBucket(store, "other");
            WriteObjects(store, "docs", docs, Keys);
            WriteObjects(store, "other", other, new[] { "notes.txt" });

            Assert.Equal(Keys.Length + 3, store.Store.Items.Count(new ItemQuery()));
            Assert.Equal(2, store.Store.Items.Count(new ItemQuery { Kind = ItemKind.Bucket }));
            Assert.Equal(new[] { "docs", "other" }, Names(store, new ItemQuery { Kind = ItemKind.Bucket }));

            // Names: PowerShell wildcards, case ignored, classes and backtick escapes included.
            Assert.Equal(new[] { "Report1.pdf", "report22.PDF" }, Names(store, new ItemQuery { Names = new[] { "report[0-9]*" } }));
            Assert.Equal(new[] { "Report1.pdf", "report22.PDF" }, Names(store, new ItemQuery { Names = new[] { "*.PDF" } }));
            Assert.Equal(new[] { "a*b.txt" }, Names(store, new ItemQuery { Names = new[] { "a`*b.txt" } }));
            Assert.Equal(new[] { "a*b.txt", "axb.txt" }, Names(store, new ItemQuery { Names = new[] { "a?b.TXT" } }));
            Assert.Equal(new[] { "Zeta.md", "émile.txt" }, Names(store, new ItemQuery { Names = new[] { "É*", "zeta.md" } }));
            Assert.Empty(Names(store, new ItemQuery { Names = new[] { "a.b.txt", "(x)|.*" } }));

            // -FileFormat as stored, buckets, parents, the key prefix, ids.
            Assert.Equal(new[] { "Report1.pdf", "report22.PDF" }, Names(store, new ItemQuery { FileFormats = new[] { ".pdf" } }));
            Assert.Equal(new[] { "notes.txt", "other" }, Names(store, new ItemQuery { Buckets = new[] { "other" } }));
            Assert.Equal(new[] { "notes.txt" }, Names(store, new ItemQuery { ParentIds = new[] { other } }));
            Assert.Equal(new[] { "q3.docx", "report22.PDF" }, Names(store, new ItemQuery { Prefix = "reports/" }));
            Assert.Equal(new[] { "docs", "other" }, Names(store, new ItemQuery { Ids = new[] { docs, other } }));
            Assert.Equal(4, store.Store.Items.Count(new ItemQuery { DataSourceIds = new[] { Source }, Names = new[] { "*.txt" }, Buckets = new[] { "docs" } }));
            Assert.Empty(store.Store.Items.Query(new ItemQuery { DataSourceIds = new[] { Source + 1 } }));

            // Orders: by name without case (then id), by key in byte order, by size and time with buckets' NULLs first ascending.
            Assert.Equal(
                new[] { "a*b.txt", "axb.txt", "B.txt", "docs", "notes.txt", "other", "q3.docx", "Report1.pdf", "report22.PDF", "Zeta.md", "émile.txt" },
                Names(store, new ItemQuery()));
            Assert.Equal(
                new[] { "B.txt", "Report1.pdf", "Zeta.md", "a*b.txt", "axb.txt", "q3.docx", "report22.PDF", "émile.txt" },
                Names(store, new ItemQuery { Buckets = new[] { "docs" }, Kind = ItemKind.File, OrderBy = ItemOrder.Key }));
            Assert.Equal(new[] { "notes.txt", "other", "émile.txt", "report22.PDF" }, Names(store, new ItemQuery { OrderBy = ItemOrder.Key, Descending = true, First = 4 }));
            Assert.Equal(new[] { "docs", "other", "B.txt", "notes.txt" }, Names(store, new ItemQuery { OrderBy = ItemOrder.Size, First = 4 }));
            Assert.Equal(new[] { "report22.PDF", "q3.docx" }, Names(store, new ItemQuery { OrderBy = ItemOrder.Size, Descending = true, Skip = 1, First = 2 }));
            Assert.Equal(new[] { "other", "docs" }, Names(store, new ItemQuery { OrderBy = ItemOrder.LastModified, Descending = true, Skip = Keys.Length + 1 }));
            Assert.Equal(
                new[] { "docs", "other" }.Concat(Keys.Select(Item.NameOf)).Concat(new[] { "notes.txt" }),
                Names(store, new ItemQuery { OrderBy = ItemOrder.Id }));
            Assert.Equal(new[] { "émile.txt", "Zeta.md" }, Names(store, new ItemQuery { Descending = true, First = 2 }));

            var report = Assert.Single(store.Store.Items.Query(new ItemQuery { Names = new[] { "report1.pdf" } }));
            Assert.Equal(("docs", "Report1.pdf", "PDF", Source), (report.Bucket, report.Key, report.FileFormat, report.DataSourceId));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + 101), report.LastModified);
            Assert.Equal("\"etag-Report1.pdf\"", report.ETag);
            Assert.Null(report.FileId);
        }

        [PostgresFact]
        public void TwoStoresListingOneBucketAtOnceKeepOneItemAKey()
        {
            using var first = Open(BackendStores.Postgres);
            using var second = first.OpenAnother();
            var keys = Enumerable.Range(0, 500).Select(i => $"shared/{i:D4}.txt").ToArray();

            var writers = new[] { first, second }.Select(store => Task.Run(() =>
            {
                long bucket;
                using (var work = store.BeginWrite())
                {
                    bucket = store.Store.Items.AddBucket(work, Source, "docs", 1000);
                    work.Commit();
                }

                WriteObjects(store, "docs", bucket, keys);
                return bucket;
            })).ToArray();
            Task.WaitAll(writers);

            Assert.Equal(writers[0].Result, writers[1].Result);
            Assert.Equal(keys.Length + 1, first.Store.Items.Count(new ItemQuery()));
            Assert.Equal(keys.Length, second.Store.Items.CountObjects(Source, "docs"));

            // A listing that tells no creation time keeps the one known.
            using (var work = second.BeginWrite())
            {
                Assert.Equal(writers[0].Result, second.Store.Items.AddBucket(work, Source, "docs", null));
                work.Commit();
            }

            Assert.Equal((writers[0].Result, (long?)1000), first.Store.Items.BucketItems(Source)["docs"]);
        }

        private static long AddBucket(BackendStore store, string bucket)
        {
            using var work = store.BeginWrite();
            var id = store.Store.Items.AddBucket(work, Source, bucket, 1000);
            work.Commit();
            return id;
        }

        /// <summary>Writes the objects as one page added whole; sizes and times follow their position.</summary>
        private static void WriteObjects(BackendStore store, string bucket, long bucketItemId, IEnumerable<string> keys)
        {
            var page = new ItemPageWrite();
            page.Added.AddRange(keys.Select((key, i) => Listed(key, 100 + i)));
            using var pages = store.Store.Items.OpenPages(Source, bucket, bucketItemId);
            using var work = store.BeginWrite();
            pages.Write(work, page);
            work.Commit();
        }

        private static ListedObject Listed(string key, long size, string? etag = "") =>
            new ListedObject(key, size, etag == string.Empty ? $"\"etag-{key}\"" : etag, 1_700_000_000_000 + size);

        private static IEnumerable<string> Names(BackendStore store, ItemQuery query) => store.Store.Items.Query(query).Select(item => item.Name);

        /// <summary>A fresh store of the backend with the one data source row the items belong to.</summary>
        private static BackendStore Open(string backend)
        {
            var store = BackendStores.Open(backend);
            try
            {
                store.AddDataSource("docs", Source);
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
