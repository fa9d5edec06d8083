using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    /// <summary>
    /// Tags and a file's extra options are written and read without JsonSerializer (its reflection
    /// path is slow to start); stores written by earlier versions hold the serializer's text, so both
    /// must write the same text and read each other's.
    /// </summary>
    public sealed class StoredJsonTests
    {
        public static IEnumerable<object[]> TagSets() => new[]
        {
            new object[] { new Dictionary<string, string>() },
            new object[] { new Dictionary<string, string> { ["team"] = "hr", ["lang"] = "en" } },
            new object[] { new Dictionary<string, string> { ["zürich <&>"] = "\"quoted\" 'single' +1 \\ / \n\t ✓ 日本", ["Z"] = "", ["a"] = "x" } },
        };

        [Theory]
        [MemberData(nameof(TagSets))]
        public void TagsAreWrittenAsTheSerializerWroteThem(Dictionary<string, string> tags)
        {
            var serializer = JsonSerializer.Serialize(tags.OrderBy(t => t.Key, System.StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value));

            Assert.Equal(serializer, Tags.ToJson(tags));
            Assert.Equal(tags, Tags.FromJson(serializer));
        }

        [Fact]
        public void StringListsForSqlAreWrittenAsTheSerializerWroteThem()
        {
            var texts = new List<string> { "QUEUED", "zürich <&> \"q\" 'x' +1 \\ / \n ✓ 日本", string.Empty };

            Assert.Equal(JsonSerializer.Serialize(texts), CarbonSpaces.Engine.Storage.Sqlite.SqlFilters.JsonArray(texts));
            Assert.Equal("[]", CarbonSpaces.Engine.Storage.Sqlite.SqlFilters.JsonArray(new List<string>()));
        }

        [Fact]
        public void NoTagsAreAnEmptyObject()
        {
            Assert.Equal("{}", Tags.ToJson(null));
            Assert.Empty(Tags.FromJson("null"));
        }

        [Theory]
        [InlineData(false, null, false, false, 100)]
        [InlineData(true, 25, true, true, 7)]
        public void ExtrasAreWrittenAsTheSerializerWroteThem(bool prepend, int? maxItems, bool pageBoundary, bool ocr, int maxMegabytes)
        {
            var extras = new FileSyncOptions.StoredExtras { PrependFilenameToChunks = prepend, MaxItemsPerChunk = maxItems, SetPageAsBoundary = pageBoundary, UseOcr = ocr, MaxFileSizeMB = maxMegabytes };
            var serializer = JsonSerializer.Serialize(extras);

            Assert.Equal(serializer, extras.ToJson());
            Assert.Equal(serializer, FileSyncOptions.StoredExtras.FromJson(serializer).ToJson());
        }

        [Fact]
        public void ExtrasOfEarlierVersionsReadWithDefaultsForWhatTheyLack()
        {
            // Stores from before -MaxFileSizeMB hold no such name (0 here; FileSyncOptions reads it as the default).
            var read = FileSyncOptions.StoredExtras.FromJson("{\"PrependFilenameToChunks\":true,\"MaxItemsPerChunk\":null,\"SetPageAsBoundary\":false,\"UseOcr\":false}");

            Assert.True(read.PrependFilenameToChunks);
            Assert.Null(read.MaxItemsPerChunk);
            Assert.Equal(0, read.MaxFileSizeMB);
        }
    }
}
