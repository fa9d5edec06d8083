using System.Collections.Generic;
using System.Linq;
using System.Text;
using CarbonSpaces.Engine.Files;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// The WHERE clause of a file query on PostgreSQL, as <c>SqliteFileStore</c> builds it with SqlFilters: lists travel
    /// as one array parameter each (<c>= ANY(@p)</c>), so thousands of ids piped in make one small statement.
    /// </summary>
    internal static class PostgresFileFilter
    {
        public static string Of(FileQuery query, NpgsqlCommand command)
        {
            var sql = InList("f.id", "id", query.Ids, NpgsqlDbType.Bigint, command);
            sql += InList("f.data_source_id", "ds", query.DataSourceIds, NpgsqlDbType.Bigint, command);
            sql += InList("f.sync_status", "status", query.Statuses, NpgsqlDbType.Text, command);
            sql += InList("f.bucket", "bucket", query.Buckets, NpgsqlDbType.Text, command);
            sql += InList("f.key", "key", query.Keys, NpgsqlDbType.Text, command);
            sql += PostgresWildcards.Filter("f.name", "name", query.Names, command);
            sql += Tags("f.tags", "tag", query.Tags, command);
            return sql;
        }

        /// <summary>" AND column = ANY(@p)", or nothing when no values are given.</summary>
        public static string InList<T>(string column, string parameter, IReadOnlyCollection<T>? values, NpgsqlDbType type, NpgsqlCommand command)
        {
            if (values == null || values.Count == 0)
            {
                return string.Empty;
            }

            command.Parameters.Add(new NpgsqlParameter(parameter, NpgsqlDbType.Array | type) { Value = values as T[] ?? values.ToArray() });
            return $" AND {column} = ANY(@{parameter})";
        }

        /// <summary>
        /// " AND EXISTS (… json_each_text(column) …)" for every tag pair: all must match, names and values
        /// without regard to case, as PowerShell compares the hashtable users pass.
        /// </summary>
        public static string Tags(string column, string parameterPrefix, IReadOnlyDictionary<string, string>? tags, NpgsqlCommand command)
        {
            if (tags == null || tags.Count == 0)
            {
                return string.Empty;
            }

            var clause = new StringBuilder();
            var i = 0;
            foreach (var tag in tags)
            {
                var name = parameterPrefix + "_name" + i;
                var value = parameterPrefix + "_value" + i++;
                command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = tag.Key });
                command.Parameters.Add(new NpgsqlParameter(value, NpgsqlDbType.Text) { Value = tag.Value });
                clause.Append($" AND EXISTS (SELECT 1 FROM json_each_text({column}::json) t WHERE lower(t.key) = lower(@{name}) AND lower(t.value) = lower(@{value}))");
            }

            return clause.ToString();
        }
    }
}
