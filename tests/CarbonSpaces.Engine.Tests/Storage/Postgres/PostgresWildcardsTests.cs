using System;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Tests.TestSupport;
using Npgsql;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Postgres
{
    /// <summary>PowerShell wildcards as PostgreSQL regular expressions: they match on the server what SQLite's GLOB matches.</summary>
    public sealed class PostgresWildcardsTests
    {
        [Theory]
        [InlineData("*.PDF", "^.*\\.pdf$")]
        [InlineData("report-?.txt", "^report\\-.\\.txt$")]
        [InlineData("[a-c]*.md", "^[a-c].*\\.md$")]
        [InlineData("literal`*star", "^literal[*]star$")]
        [InlineData("open[bracket", "^open[\\[]bracket$")]
        [InlineData("back\\slash", "^back\\\\slash$")]
        public void WildcardsBecomeAnchoredRegularExpressions(string wildcard, string regex)
        {
            Assert.Equal(regex, PostgresWildcards.ToRegex(wildcard));
        }

        [PostgresFact]
        public void WildcardsMatchOnTheServerAsPowerShellMatchesThem()
        {
            var cases = new (string Pattern, string Name, bool Matches)[]
            {
                ("summary*", "Summary.pdf", true),
                ("*.txt", "notes.TXT", true),
                ("q?", "q3", true),
                ("[a-c]*", "budget.xlsx", true),
                ("[a-c]*", "zebra.txt", false),
                ("a`*b", "a*b", true),
                ("a`*b", "axb", false),
                ("a``b", "a`b", true),
                ("Plain.TXT", "plain.txt", true),
                ("a.b", "axb", false),
                ("open[bracket", "open[bracket", true),
                ("back\\slash*", "back\\slash.txt", true),
                ("(x)|*", "(x)|y", true),
                ("(x)|*", "x", false),
                ("$^+{2}", "$^+{2}", true),
                ("É*", "émile.txt", true),
                ("[`[]*", "[draft]", true),
            };
            var server = (PostgresStoreLocation)StoreLocation.Resolve(Environment.GetEnvironmentVariable(TestDatabase.ServerVariable)!);
            using var connection = new NpgsqlConnection(server.ConnectionString);
            connection.Open();
            foreach (var (pattern, name, matches) in cases)
            {
                using var command = new NpgsqlCommand(string.Empty, connection);
                command.Parameters.AddWithValue("subject", name);
                command.CommandText = "SELECT count(*) WHERE true" + PostgresWildcards.Filter("@subject", "pattern", new[] { pattern }, command) + ";";
                Assert.True(matches == ((long)command.ExecuteScalar()! == 1), $"'{pattern}' {(matches ? "should" : "should not")} match '{name}'.");
            }
        }
    }
}
