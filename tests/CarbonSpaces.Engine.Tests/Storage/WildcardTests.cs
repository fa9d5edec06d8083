using CarbonSpaces.Engine.Common;
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
        public void WildcardsMatchInMemoryTheWayTheyDoInTheStore(string pattern, string name, bool matches)
        {
            Assert.Equal(matches, WildcardMatcher.Create(pattern)(name));
        }
    }
}
