using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    public sealed class UnknownIdsTests
    {
        [Fact]
        public void AnIdOnlyTheEventLogStillNamesIsKnownWhenHistoryIsAskedFor()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            temp.Execute("INSERT INTO events (type, at, data_source_id, file_id, message) VALUES ('FILE_DELETED', 0, 7, 41, 'removed');");

            Assert.Equal(new long[] { 41, 42 }, engine.UnknownIds.Find(RecordKind.File, new long[] { 41, 42 }));
            Assert.Equal(new long[] { 42 }, engine.UnknownIds.Find(RecordKind.File, new long[] { 41, 42 }, includeHistory: true));
            Assert.Equal(new long[] { 8 }, engine.UnknownIds.Find(RecordKind.DataSource, new long[] { 7, 8 }, includeHistory: true));
        }

        [Fact]
        public void EachKindHasItsOwnNotFoundError()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();

            Assert.Equal(new long[] { 5 }, engine.UnknownIds.Find(RecordKind.Item, new long[] { 5, 5 }));
            Assert.Empty(engine.UnknownIds.Find(RecordKind.Item, null));
            Assert.Equal("CarbonSpaces.ItemNotFound", UnknownIds.NotFound(RecordKind.Item, 5).ErrorId);
            Assert.Equal("CarbonSpaces.FileNotFound", UnknownIds.NotFound(RecordKind.File, 5).ErrorId);
            Assert.Equal("CarbonSpaces.DataSourceNotFound", UnknownIds.NotFound(RecordKind.DataSource, 5).ErrorId);
            Assert.Contains("5", UnknownIds.NotFound(RecordKind.Item, 5).Message);
        }
    }
}
