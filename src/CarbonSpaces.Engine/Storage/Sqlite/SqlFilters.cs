using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CarbonSpaces.Engine.Common;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>Small builders for the WHERE clauses the list commands share; values always travel as parameters.</summary>
    internal static class SqlFilters
    {
        /// <summary>
        /// Values as one JSON array parameter, for "column IN (SELECT value FROM json_each($p))": one
        /// statement for thousands of values (ids piped in, say), where a parameter each would make
        /// a huge statement and run into SQLite's limit on parameters.
        /// </summary>
        public static string JsonArray<T>(IEnumerable<T> values) =>
            values is IReadOnlyCollection<long> ids ? IdArray(ids)
            : values is IEnumerable<string> texts ? StringArray(texts)
            : System.Text.Json.JsonSerializer.Serialize(values);

        /// <summary>
        /// Strings (statuses, buckets, keys) with the JSON writer, as the serializer would write them:
        /// its reflection path cost a new process's first file sync some 500 JIT-compiled methods.
        /// </summary>
        private static string StringArray(IEnumerable<string> texts)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var text in texts)
                {
                    writer.WriteStringValue(text);
                }

                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>
        /// Ids written directly: a number needs no escaping, and the serializer's generic path runs
        /// as unoptimized code the first times it is called: 6 % of the CPU of a 10,000-file resync,
        /// which sends its ids twice.
        /// </summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        private static string IdArray(IReadOnlyCollection<long> ids)
        {
            var json = new StringBuilder(2 + (ids.Count * 8));
            json.Append('[');
            foreach (var id in ids)
            {
                if (json.Length > 1)
                {
                    json.Append(',');
                }

                json.Append(id.ToString(CultureInfo.InvariantCulture));
            }

            return json.Append(']').ToString();
        }

        /// <summary>" AND column IN (…values…)", or nothing when no values are given.</summary>
        public static string InList<T>(string column, string parameter, IReadOnlyCollection<T>? values, SqliteCommand command)
        {
            if (values == null || values.Count == 0)
            {
                return string.Empty;
            }

            command.Parameters.AddWithValue(parameter, JsonArray(values));
            return $" AND {column} IN (SELECT value FROM json_each({parameter}))";
        }

        /// <summary>" AND (fold(column) GLOB $p0 OR …)" for PowerShell wildcards (a pattern without any matches exactly); case is ignored in every script.</summary>
        public static string Wildcards(string column, string parameterPrefix, IReadOnlyCollection<string>? patterns, SqliteCommand command)
        {
            if (patterns == null || patterns.Count == 0)
            {
                return string.Empty;
            }

            var clause = new StringBuilder(" AND (");
            var i = 0;
            foreach (var pattern in patterns)
            {
                var name = parameterPrefix + i;
                if (i++ > 0)
                {
                    clause.Append(" OR ");
                }

                clause.Append($"{SqliteStore.FoldFunction}({column}) GLOB {name}");
                command.Parameters.AddWithValue(name, Common.Wildcard.ToGlob(pattern));
            }

            return clause.Append(')').ToString();
        }

        /// <summary>" AND column >= $p AND column &lt; $p_end": a prefix match that can use an index, unlike LIKE.</summary>
        public static string Prefix(string column, string parameter, string? prefix, SqliteCommand command)
        {
            if (string.IsNullOrEmpty(prefix))
            {
                return string.Empty;
            }

            command.Parameters.AddWithValue(parameter, prefix!);
            command.Parameters.AddWithValue(parameter + "_end", prefix + "\U0010FFFF");
            return $" AND {column} >= {parameter} AND {column} < {parameter}_end";
        }

        /// <summary>
        /// " AND EXISTS (… json_each(column) …)" for every tag pair: all must match, names and values
        /// without regard to case, as PowerShell compares the hashtable users pass.
        /// </summary>
        public static string Tags(string column, string parameterPrefix, IReadOnlyDictionary<string, string>? tags, SqliteCommand command)
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
                command.Parameters.AddWithValue(name, tag.Key);
                command.Parameters.AddWithValue(value, tag.Value);
                clause.Append($" AND EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.key = {name} COLLATE NOCASE AND json_each.value = {value} COLLATE NOCASE)");
            }

            return clause.ToString();
        }
    }
}
