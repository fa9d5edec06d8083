using System;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>IEventStore on each backend: the same calls, the same answers.</summary>
    public sealed class EventStoreTests
    {
        private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000);

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void EventsLandWithTheirWriteAndComeBackFilteredOldestFirst(string backend)
        {
            using var store = BackendStores.Open(backend);
            var events = store.Store.Events;
            using (var work = store.BeginWrite())
            {
                events.Append(work, "DataSourceAdded", T0, 1, null, "Connected.");
                events.Append(work, "FileQueued", T0.AddSeconds(1), 1, 10, "Queued a.txt.");
                events.Append(work, "FileSynced", T0.AddSeconds(2), 1, 10, "Synced a.txt.");
                events.Append(work, "FileQueued", T0.AddSeconds(3), 2, 20, "Queued b.txt.");
                work.Commit();
            }

            using (var work = store.BeginWrite())
            {
                events.Append(work, "FileQueued", T0.AddSeconds(4), 2, 21, "Rolled back.");
            }

            var all = events.Query(new EventQuery());
            Assert.Equal(new[] { "Connected.", "Queued a.txt.", "Synced a.txt.", "Queued b.txt." }, all.Select(e => e.Message));
            Assert.True(all.Select(e => e.Id).SequenceEqual(all.Select(e => e.Id).OrderBy(id => id)));
            var first = all[0];
            Assert.Equal(("DataSourceAdded", T0, (long?)1, (long?)null), (first.Type, first.At, first.DataSourceId, first.FileId));

            Assert.Equal(new[] { "Synced a.txt.", "Queued b.txt." }, events.Query(new EventQuery { Since = T0.AddSeconds(2) }).Select(e => e.Message));
            Assert.Equal(new[] { "Queued a.txt.", "Queued b.txt." }, events.Query(new EventQuery { Types = new[] { "FileQueued" } }).Select(e => e.Message));
            Assert.Equal(new[] { "Queued a.txt.", "Synced a.txt." }, events.Query(new EventQuery { FileIds = new[] { 10L, 99L } }).Select(e => e.Message));
            Assert.Equal(new[] { "Queued b.txt." }, events.Query(new EventQuery { DataSourceIds = new[] { 2L }, Types = new[] { "FileQueued", "FileSynced" } }).Select(e => e.Message));
            Assert.Equal(4, events.Query(new EventQuery { Types = Array.Empty<string>(), FileIds = Array.Empty<long>() }).Count);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task TwoStoresAppendingAtOnceLoseNoEvent(string backend)
        {
            using var first = BackendStores.Open(backend);
            using var second = first.OpenAnother();
            const int Writes = 50;
            var appends = new[] { first, second }.Select((store, writer) => Task.Factory.StartNew(() =>
            {
                var events = store.Store.Events;
                for (var i = 0; i < Writes; i++)
                {
                    using var work = store.BeginWrite();
                    events.Append(work, "FileSynced", T0.AddMilliseconds(i), writer, i, $"{writer}:{i}");
                    work.Commit();
                }
            }, TaskCreationOptions.LongRunning)).ToArray();

            await Task.WhenAll(appends);
            var all = first.Store.Events.Query(new EventQuery());
            Assert.Equal(2 * Writes, all.Select(e => e.Message).Distinct().Count());
            Assert.Equal(Writes, second.Store.Events.Query(new EventQuery { DataSourceIds = new[] { 1L } }).Count);
        }
    }
}
