using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>IAutoSyncStore on each backend: the same calls, the same answers; leases that hold between two stores.</summary>
    public sealed class AutoSyncStoreTests
    {
        private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void SettingsAreSavedPerCustomerWithoutRegardToCaseAndAreDueAsTheirRunsSay(string backend)
        {
            using var store = BackendStores.Open(backend);
            var autoSync = store.Store.AutoSync;
            Save(store, new[] { "fabrikam", "Contoso", "CONTOSO" }, enabled: true, sources: null, intervalHours: null, T0);

            var saved = autoSync.ListSettings();
            Assert.Equal(new[] { "Contoso", "fabrikam" }, saved.Select(s => s.CustomerId));
            Assert.All(saved, s => Assert.Equal((true, "S3", AutoSyncSetting.DefaultIntervalHours, (DateTimeOffset?)null, (DateTimeOffset?)T0), (s.Enabled, s.EnabledSources, s.IntervalHours, s.LastRunAt, s.NextRunAt)));
            Assert.Equal(new[] { "Contoso" }, autoSync.ListSettings(new[] { "contoso", "nobody" }).Select(s => s.CustomerId));

            var started = T0.AddMinutes(5);
            autoSync.RecordRun("CONTOSO", started);
            var ran = autoSync.ListSettings(new[] { "Contoso" }).Single();
            Assert.Equal(((DateTimeOffset?)started, (DateTimeOffset?)started.AddHours(AutoSyncSetting.DefaultIntervalHours)), (ran.LastRunAt, ran.NextRunAt));

            // a new interval counts from the last run; a null one keeps the customer's
            Save(store, new[] { "contoso" }, enabled: true, sources: "S3", intervalHours: 6, T0.AddHours(1));
            Assert.Equal(((DateTimeOffset?)started.AddHours(6), 6), (autoSync.ListSettings(new[] { "Contoso" }).Single().NextRunAt, autoSync.ListSettings(new[] { "Contoso" }).Single().IntervalHours));
            Save(store, new[] { "contoso" }, enabled: false, sources: null, intervalHours: null, T0.AddHours(2));
            var disabled = autoSync.ListSettings(new[] { "Contoso" }).Single();
            Assert.Equal((false, 6, (DateTimeOffset?)null, (DateTimeOffset?)started), (disabled.Enabled, disabled.IntervalHours, disabled.NextRunAt, disabled.LastRunAt));

            autoSync.RecordRun("contoso", started.AddHours(1));
            Assert.Null(autoSync.ListSettings(new[] { "Contoso" }).Single().NextRunAt);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ALeaseIsItsOwnersUntilItExpiresOrIsReleased(string backend)
        {
            using var store = BackendStores.Open(backend);
            var autoSync = store.Store.AutoSync;
            var id = NewDataSource(store);

            Assert.True(autoSync.TryLease(id, "worker-a", T0.AddMinutes(10), T0));
            Assert.False(autoSync.TryLease(id, "worker-b", T0.AddMinutes(20), T0.AddMinutes(9)));

            autoSync.RenewLease(id, "worker-b", T0.AddHours(1));
            autoSync.ReleaseLease(id, "worker-b");
            Assert.False(autoSync.TryLease(id, "worker-b", T0.AddMinutes(20), T0.AddMinutes(9)));

            autoSync.RenewLease(id, "worker-a", T0.AddMinutes(30));
            Assert.False(autoSync.TryLease(id, "worker-b", T0.AddMinutes(40), T0.AddMinutes(20)));

            // worker-a crashed: its lease runs out
            Assert.True(autoSync.TryLease(id, "worker-b", T0.AddMinutes(50), T0.AddMinutes(31)));
            autoSync.ReleaseLease(id, "worker-a");
            Assert.False(autoSync.TryLease(id, "worker-c", T0.AddMinutes(60), T0.AddMinutes(32)));
            autoSync.ReleaseLease(id, "worker-b");
            Assert.True(autoSync.TryLease(id, "worker-c", T0.AddMinutes(60), T0.AddMinutes(32)));

            Assert.Null(autoSync.LastAutoSyncedAt(id));
            Assert.Null(autoSync.LastAutoSyncedAt(999_999));
            autoSync.MarkAutoSynced(id, T0.AddMinutes(33));
            Assert.Equal(T0.AddMinutes(33), autoSync.LastAutoSyncedAt(id));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task FourStoresRacingForEachLeaseLetExactlyOneTakeIt(string backend)
        {
            const int Racers = 4, Rounds = 40;
            using var first = BackendStores.Open(backend);
            var stores = new[] { first }.Concat(Enumerable.Range(1, Racers - 1).Select(_ => first.OpenAnother())).ToArray();
            try
            {
                var ids = Enumerable.Range(0, Rounds).Select(_ => NewDataSource(first)).ToArray();
                using var start = new Barrier(Racers);
                var racers = stores.Select((store, racer) => Task.Factory.StartNew(() =>
                {
                    var autoSync = store.Store.AutoSync;
                    return ids.Select(id =>
                    {
                        start.SignalAndWait();
                        return autoSync.TryLease(id, "worker-" + racer, T0.AddMinutes(10), T0);
                    }).ToArray();
                }, TaskCreationOptions.LongRunning)).ToArray();

                var taken = await Task.WhenAll(racers);
                for (var round = 0; round < Rounds; round++)
                {
                    var winners = Enumerable.Range(0, Racers).Where(racer => taken[racer][round]).ToArray();
                    var winner = Assert.Single(winners);
                    Assert.Equal(1L, first.ScalarLong($"SELECT count(*) FROM data_sources WHERE id = {ids[round]} AND lease_owner = 'worker-{winner}';"));
                }
            }
            finally
            {
                foreach (var other in stores.Skip(1))
                {
                    other.Dispose();
                }
            }
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ACrashedWorkersLeaseRunsOutForAnotherStore(string backend)
        {
            using var other = BackendStores.Open(backend);
            long id;
            using (var crashed = other.OpenAnother())
            {
                id = NewDataSource(crashed);
                Assert.True(crashed.Store.AutoSync.TryLease(id, "crashed", T0.AddMinutes(10), T0));
            }

            Assert.False(other.Store.AutoSync.TryLease(id, "survivor", T0.AddMinutes(20), T0.AddMinutes(10)));
            Assert.True(other.Store.AutoSync.TryLease(id, "survivor", T0.AddMinutes(20), T0.AddMinutes(10).AddMilliseconds(1)));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task TwoStoresSavingOneNewCustomerAtOnceMakeOneSetting(string backend)
        {
            using var first = BackendStores.Open(backend);
            using var second = first.OpenAnother();
            using var start = new Barrier(2);
            var saves = new[] { (first, "Contoso", 3), (second, "CONTOSO", 6) }.Select(save => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                Save(save.Item1, new[] { save.Item2 }, enabled: true, sources: null, intervalHours: save.Item3, T0);
            }, TaskCreationOptions.LongRunning)).ToArray();

            await Task.WhenAll(saves);
            var saved = Assert.Single(first.Store.AutoSync.ListSettings());
            Assert.Contains(saved.IntervalHours, new[] { 3, 6 });
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void TheListingComparisonFindsChangedUnfinishedGoneAndNewObjects(string backend)
        {
            using var store = BackendStores.Open(backend);
            var id = NewDataSource(store);
            Item(store, id, "docs", "same.txt", 10, "e1", 1000);
            Item(store, id, "docs", "changed.txt", 20, "e2-new", 2000);
            Item(store, id, "docs", "unfinished.txt", 30, "e3", 3000);
            Item(store, id, "docs", "reports/new-b.txt", 40, null, null);
            Item(store, id, "docs", "reports/new-a.txt", 41, "e5", 5000);
            Item(store, id, "docs", "reports/removed.txt", 42, "e6", 6000);
            Item(store, id, "docs", "reportsX/other.txt", 43, "e7", 7000);
            Item(store, id, "docs", "reports/synced.txt", 44, "e8", 8000);
            var same = File(store, id, "docs", "same.txt", FileStatus.Ready, 10, "e1", 1000);
            var changed = File(store, id, "docs", "changed.txt", FileStatus.Ready, 20, "e2-old", 2000);
            var unfinished = File(store, id, "docs", "unfinished.txt", FileStatus.Queued, 30, "e3", 3000);
            var goneHere = File(store, id, "docs", "deleted.txt", FileStatus.Ready, 1, "e", 1);
            var goneElsewhere = File(store, id, "archive", "deleted.txt", FileStatus.Ready, 1, "e", 1);
            File(store, id, "docs", "reports/synced.txt", FileStatus.Ready, 44, "e8", 8000);
            store.Execute($"INSERT INTO removed_objects (data_source_id, bucket, key, removed_at) VALUES ({id}, 'docs', 'reports/removed.txt', 1);");

            var (changedFiles, gone) = store.Store.AutoSync.CompareWithListing(id, new[] { "docs" });
            Assert.Equal(new[] { changed, unfinished }, changedFiles.Select(c => c.FileId));
            var version = changedFiles[0].Version;
            Assert.Equal((20L, "e2-new", (long?)2000), (version.Size, version.ETag, version.LastModifiedSeconds));
            Assert.Equal(new[] { goneHere }, gone);
            Assert.DoesNotContain(same, changedFiles.Select(c => c.FileId));
            Assert.Equal(new[] { goneHere, goneElsewhere }, store.Store.AutoSync.CompareWithListing(id, new[] { "docs", "archive" }).Gone);

            var found = store.Store.AutoSync.NewObjectsUnder(id, "docs", "reports/");
            Assert.Equal(new[] { "reports/new-a.txt", "reports/new-b.txt" }, found.Select(f => f.Key));
            Assert.Equal((40L, (string?)null, (long?)null), (found[1].Version.Size, found[1].Version.ETag, found[1].Version.LastModifiedSeconds));
            Assert.Equal(new[] { "reports/new-a.txt", "reports/new-b.txt", "reportsX/other.txt" }, store.Store.AutoSync.NewObjectsUnder(id, "docs", string.Empty).Select(f => f.Key));
            Assert.Empty(store.Store.AutoSync.NewObjectsUnder(id, "archive", "reports/"));
        }

        private static void Save(BackendStore store, string[] customers, bool enabled, string? sources, int? intervalHours, DateTimeOffset now)
        {
            using var work = store.BeginWrite();
            store.Store.AutoSync.SaveSettings(work, customers, enabled, sources, intervalHours, now);
            work.Commit();
        }

        private static long NewDataSource(BackendStore store)
        {
            using var work = store.BeginWrite();
            var id = store.Store.DataSources.Insert(work, DataSourceStoreTests.NewSource("Source", "Contoso", "https://s3.example.test", Guid.NewGuid().ToString("N")));
            work.Commit();
            return id;
        }

        private static void Item(BackendStore store, long dataSource, string bucket, string key, long size, string? etag, long? lastModified) =>
            store.Execute(
                $@"INSERT INTO items (data_source_id, kind, bucket, key, name, size, etag, last_modified, file_format)
                   VALUES ({dataSource}, 1, '{bucket}', '{key}', '{key}', {size}, {Sql(etag)}, {Sql(lastModified)}, 'TXT');");

        private static long File(BackendStore store, long dataSource, string bucket, string key, string status, long size, string etag, long lastModified)
        {
            store.Execute(
                $@"INSERT INTO files (data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags,
                       chunk_size, chunk_overlap, skip_embedding_generation, options, size, etag, source_last_modified, created_at, updated_at)
                   VALUES ({dataSource}, 'S3', 'S3_FILE', '{bucket}', '{key}', '{key}', 'TXT', '{status}', '{{}}', 1500, 20, FALSE, '{{}}', {size}, '{etag}', {lastModified}, 1, 1);");
            return store.ScalarLong($"SELECT id FROM files WHERE bucket = '{bucket}' AND key = '{key}';");
        }

        private static string Sql(string? text) => text == null ? "NULL" : $"'{text}'";

        private static string Sql(long? number) => number?.ToString() ?? "NULL";
    }
}
