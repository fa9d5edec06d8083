using System.Linq;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>Search's <see cref="ChunkFilter"/> in PostgreSQL's terms; values always travel as parameters.</summary>
    internal static class PostgresChunkFilterSql
    {
        /// <summary>
        /// The filter as AND-ed SQL conditions on chunks <c>c</c> and files <c>f</c>, its parameters added to
        /// <paramref name="parameters"/>: ids as one array parameter each ("= ANY"), however many are piped in.
        /// </summary>
        public static string Sql(this ChunkFilter filter, NpgsqlParameterCollection parameters)
        {
            var clause = new StringBuilder();
            if (filter.FileIds is { Count: > 0 } files)
            {
                parameters.Add(new NpgsqlParameter("file_ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = files.ToArray() });
                clause.Append(" AND c.file_id = ANY(@file_ids)");
            }

            if (filter.DataSourceIds is { Count: > 0 } sources)
            {
                parameters.Add(new NpgsqlParameter("data_source_ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = sources.ToArray() });
                clause.Append(" AND f.data_source_id = ANY(@data_source_ids)");
            }

            if (filter.Tags is { Count: > 0 } tags)
            {
                // Every tag pair must match, names and values without regard to case, as PowerShell compares the
                // hashtable users pass (SQLite's COLLATE NOCASE).
                var i = 0;
                foreach (var tag in tags)
                {
                    var name = "tag_name" + i;
                    var value = "tag_value" + i++;
                    parameters.AddWithValue(name, tag.Key);
                    parameters.AddWithValue(value, tag.Value);
                    clause.Append($" AND EXISTS (SELECT 1 FROM json_each_text(f.tags::json) tag WHERE lower(tag.key) = lower(@{name}) AND lower(tag.value) = lower(@{value}))");
                }
            }

            return clause.ToString();
        }
    }
}
