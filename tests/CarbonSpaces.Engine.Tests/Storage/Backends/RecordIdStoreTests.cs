using System;
using System.Linq;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>IRecordIdStore on each backend: the same calls, the same answers.</summary>
    public sealed class RecordIdStoreTests
    {
        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void UnknownIdsAreThoseWithoutARecordOrWithHistoryWithoutAnEvent(string backend)
        {
            using var store = BackendStores.Open(backend);
            var sources = store.Store.DataSources;
            long kept, removed;
            using (var work = store.BeginWrite())
            {
                kept = sources.Insert(work, DataSourceStoreTests.NewSource("Kept", "Contoso", "https://s3.example.test", "KEY1"));
                removed = sources.Insert(work, DataSourceStoreTests.NewSource("Removed", "Contoso", "https://s3.example.test", "KEY2"));
                store.Store.Events.Append(work, "DataSourceRemoved", DateTimeOffset.UtcNow, removed, 77, "Disconnected.");
                sources.Delete(work, removed);
                work.Commit();
            }

            store.Execute($"INSERT INTO items (data_source_id, kind, bucket, key, name, file_format) VALUES ({kept}, 0, 'docs', '', 'docs', 'BUCKET');");
            var item = store.ScalarLong("SELECT id FROM items;");
            var ids = store.Store.RecordIds;
            var unknownSource = 999_999L;

            Assert.Equal(new[] { removed, unknownSource }, ids.Unknown(RecordKind.DataSource, new[] { kept, removed, unknownSource }, includeHistory: false).OrderBy(id => id));
            Assert.Equal(new[] { unknownSource }, ids.Unknown(RecordKind.DataSource, new[] { kept, removed, unknownSource }, includeHistory: true));
            Assert.Equal(new[] { 77L, 78L }, ids.Unknown(RecordKind.File, new[] { 77L, 78L }, includeHistory: false).OrderBy(id => id));
            Assert.Equal(new[] { 78L }, ids.Unknown(RecordKind.File, new[] { 77L, 78L }, includeHistory: true));
            Assert.Equal(new[] { item + 1 }, ids.Unknown(RecordKind.Item, new[] { item, item + 1 }, includeHistory: true));
            Assert.Empty(ids.Unknown(RecordKind.Item, Array.Empty<long>(), includeHistory: false));

            var many = Enumerable.Range(1, 5000).Select(i => (long)i + 1_000_000).ToArray();
            Assert.Equal(5000, ids.Unknown(RecordKind.File, many, includeHistory: true).Count);
        }
    }
}
