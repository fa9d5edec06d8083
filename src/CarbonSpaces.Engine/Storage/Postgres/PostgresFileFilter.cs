using CarbonSpaces.Engine.Files;
using Npgsql;
using static CarbonSpaces.Engine.Storage.Postgres.PostgresFilters;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>The WHERE clause of a file query on PostgreSQL, as <c>SqliteFileStore</c> builds it.</summary>
    internal static class PostgresFileFilter
    {
        public static string Of(FileQuery query, NpgsqlCommand command)
        {
            var parameters = command.Parameters;
            var sql = InList("f.id", "id", query.Ids, parameters);
            sql += InList("f.data_source_id", "ds", query.DataSourceIds, parameters);
            sql += InList("f.sync_status", "status", query.Statuses, parameters);
            sql += InList("f.bucket", "bucket", query.Buckets, parameters);
            sql += InList("f.key", "key", query.Keys, parameters);
            sql += PostgresWildcards.Filter("f.name", "name", query.Names, command);
            sql += Tags("f.tags", "tag", query.Tags, parameters);
            return sql;
        }
    }
}
