using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>Search's <see cref="ChunkFilter"/> in SQLite's terms.</summary>
    internal static class ChunkFilterSql
    {
        /// <summary>The filter as AND-ed SQL conditions on chunks <c>c</c> and files <c>f</c>, its parameters added to <paramref name="command"/>.</summary>
        public static string Sql(this ChunkFilter filter, SqliteCommand command) =>
            SqlFilters.InList("c.file_id", "$file", filter.FileIds, command)
            + SqlFilters.InList("f.data_source_id", "$ds", filter.DataSourceIds, command)
            + SqlFilters.Tags("f.tags", "$tag", filter.Tags, command);
    }
}
