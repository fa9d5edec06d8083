using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    public sealed class WildcardTests
    {
        [Theory]
        [InlineData("*.PDF", "*.pdf")]
        [InlineData("report-?.txt", "report-?.txt")]
        [InlineData("[ab]*.md", "[ab]*.md")]
        [InlineData("literal`*star.txt", "literal[*]star.txt")]
        [InlineData("open[bracket", "open[[]bracket")]
        public void PowerShellWildcardsBecomeCaseInsensitiveGlobPatterns(string wildcard, string glob)
        {
            Assert.Equal(glob, Wildcard.ToGlob(wildcard));
        }

        [Theory]
        [InlineData("summary*", "Summary.pdf", true)]
        [InlineData("*.txt", "notes.TXT", true)]
        [InlineData("q?", "q3", true)]
        [InlineData("[a-c]*", "budget.xlsx", true)]
        [InlineData("[a-c]*", "zebra.txt", false)]
        [InlineData("a`*b", "a*b", true)]
        [InlineData("a`*b", "axb", false)]
        [InlineData("a``b", "a`b", true)]
        [InlineData("Plain.TXT", "plain.txt", true)]
        public void WildcardsMatchInTheStoreAsPowerShellMatchesThem(string pattern, string name, bool matches)
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            using var command = ((SqliteStore)engine.Store).Command(string.Empty);
            command.Parameters.AddWithValue("$subject", name);
            command.CommandText = "SELECT count(*) WHERE 1 = 1" + SqlFilters.Wildcards("$subject", "$pattern", new[] { pattern }, command) + ";";

            Assert.Equal(matches, (long)command.ExecuteScalar()! == 1);
        }
    }
}
