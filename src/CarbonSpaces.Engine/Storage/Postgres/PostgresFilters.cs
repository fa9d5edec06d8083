using System.Collections.Generic;
using System.Linq;
using System.Text;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// WHERE-clause conditions on PostgreSQL, as the SQLite stores build them with SqlFilters: a list travels as one
    /// array parameter (<c>= ANY(@p)</c>), so thousands of ids piped in make one small statement.
    /// </summary>
    internal static class PostgresFilters
    {
        /// <summary>" AND column = ANY(@p)", or nothing when no values are given.</summary>
        public static string InList<T>(string column, string parameter, IReadOnlyCollection<T>? values, NpgsqlParameterCollection parameters)
        {
            if (values == null || values.Count == 0)
            {
                return string.Empty;
            }

            parameters.AddWithValue(parameter, values as T[] ?? values.ToArray());
            return $" AND {column} = ANY(@{parameter})";
        }

        /// <summary>
        /// " AND EXISTS (… json_each_text(column) …)" for every tag pair: all must match, names and values
        /// without regard to case, as PowerShell compares the hashtable users pass (SQLite's COLLATE NOCASE).
        /// </summary>
        public static string Tags(string column, string parameterPrefix, IReadOnlyDictionary<string, string>? tags, NpgsqlParameterCollection parameters)
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
                parameters.AddWithValue(name, tag.Key);
                parameters.AddWithValue(value, tag.Value);
                clause.Append($" AND EXISTS (SELECT 1 FROM json_each_text({column}::json) t WHERE lower(t.key) = lower(@{name}) AND lower(t.value) = lower(@{value}))");
            }

            return clause.ToString();
        }
    }
}
