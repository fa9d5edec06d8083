using System;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Loads the native SQLite library and configures it once per process, before its first use
    /// (SQLite accepts process-wide settings only then).
    /// </summary>
    internal static class SqliteLibrary
    {
        private const int SqliteConfigMemStatus = 9;

        private static readonly Lazy<bool> StatisticsOff = new Lazy<bool>(Configure);

        /// <summary>
        /// Whether SQLite keeps no memory statistics in this process. False when something else
        /// used SQLite first; everything still works, a little slower.
        /// </summary>
        public static bool MemoryStatisticsOff => StatisticsOff.Value;

        public static void Initialize() => _ = StatisticsOff.Value;

        private static bool Configure()
        {
            SQLitePCL.Batteries_V2.Init();

            // By default SQLite counts every allocation under a process-wide mutex. The keyword
            // index allocates per token, so with the counting off a sync of 10,000 small files
            // took about 4 % less time and CPU (benchmark case P3a, 4 alternating runs each). We
            // read no statistics and set no heap limit, which are what the counting serves.
            return SQLitePCL.raw.sqlite3_config(SqliteConfigMemStatus, 0) == SQLitePCL.raw.SQLITE_OK;
        }
    }
}
