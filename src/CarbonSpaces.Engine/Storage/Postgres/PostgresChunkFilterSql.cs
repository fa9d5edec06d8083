using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>Search's <see cref="ChunkFilter"/> in PostgreSQL's terms; values always travel as parameters.</summary>
    internal static class PostgresChunkFilterSql
    {
        /// <summary>
        /// The filter as AND-ed SQL conditions on chunks <c>c</c> and files <c>f</c>, its parameters added to
        /// <paramref name="parameters"/> (a command's or a batch command's).
        /// </summary>
        public static string Sql(this ChunkFilter filter, NpgsqlParameterCollection parameters) =>
            PostgresFilters.InList("c.file_id", "file_ids", filter.FileIds, parameters)
            + PostgresFilters.InList("f.data_source_id", "data_source_ids", filter.DataSourceIds, parameters)
            + PostgresFilters.Tags("f.tags", "tag", filter.Tags, parameters);
    }
}
