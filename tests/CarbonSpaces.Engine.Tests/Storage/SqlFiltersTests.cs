using System.Globalization;
using System.Linq;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    public sealed class SqlFiltersTests
    {
        [Fact]
        public void ListsOfIdsLongerThanSqliteAllowsParametersAreOneParameter()
        {
            // Ids piped from a large Get-CarbonFile or Get-CarbonItem: SQLite allows 32,766 parameters.
            using var temp = new TempStore();
            using var engine = temp.Open();
            var ids = Enumerable.Range(1, 40_000).Select(i => (long)i).ToList();

            Assert.Empty(engine.Files.Query(new FileQuery { Ids = ids }));
            Assert.Equal(0, engine.Files.Count(new FileQuery { Ids = ids, Keys = ids.Select(i => "key-" + i).ToList() }));
            Assert.Empty(engine.Items.Query(new ItemQuery { Ids = ids, ParentIds = ids }));
            Assert.Equal(ids, engine.UnknownIds.Find(RecordKind.File, ids));
            Assert.Equal(ids, engine.UnknownIds.Find(RecordKind.DataSource, ids));
        }

        [Fact]
        public void IdsAreValidJsonInEveryCulture()
        {
            // Swedish writes negative numbers with U+2212, which JSON (and json_each) rejects.
            var culture = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            try
            {
                Assert.Equal("[1,-2,30000000000]", SqlFilters.JsonArray(new long[] { 1, -2, 30_000_000_000 }));
                Assert.Equal("[]", SqlFilters.JsonArray(new long[0]));

                using var temp = new TempStore();
                using var engine = temp.Open();
                Assert.Equal(new long[] { -1, 2 }, engine.UnknownIds.Find(RecordKind.File, new long[] { -1, 2 }));
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }
        }
    }
}
