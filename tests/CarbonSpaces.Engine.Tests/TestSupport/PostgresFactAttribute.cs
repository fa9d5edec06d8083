using System;
using Xunit;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// A test against the real PostgreSQL server named by CARBONSPACES_TEST_POSTGRES (tools/test.sh starts one and
    /// sets it); skipped, saying why, when the variable is not set (a plain dotnet test on a machine without one).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class PostgresFactAttribute : FactAttribute
    {
        public PostgresFactAttribute()
        {
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.ServerVariable)))
            {
                Skip = $"{TestDatabase.ServerVariable} is not set: no PostgreSQL server to test against (tools/test.sh starts one; or run tools/postgres/start-postgres.sh and set the variable from its pg.env).";
            }
        }
    }
}
