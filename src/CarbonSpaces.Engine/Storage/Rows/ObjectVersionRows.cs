using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Ingest;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Objects' versions (size, ETag, LastModified) read from rows of items, on any backend.</summary>
    internal static class ObjectVersionRows
    {
        /// <summary>
        /// The files of the command's rows (file id, whether its item is gone, then the item's version): those whose
        /// object changed, with its version, and those whose object is gone.
        /// </summary>
        public static (IReadOnlyList<(long FileId, ObjectVersion Version)> Changed, IReadOnlyList<long> Gone) ChangedAndGone(DbCommand command)
        {
            var changed = new List<(long, ObjectVersion)>();
            var gone = new List<long>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetBoolean(1))
                {
                    gone.Add(reader.GetInt64(0));
                }
                else
                {
                    changed.Add((reader.GetInt64(0), Read(reader, 2)));
                }
            }

            return (changed, gone);
        }

        /// <summary>The objects of the command's rows (key, then the version), in their order.</summary>
        public static IReadOnlyList<(string Key, ObjectVersion Version)> ByKey(DbCommand command)
        {
            var found = new List<(string, ObjectVersion)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetString(0), Read(reader, 1)));
            }

            return found;
        }

        /// <summary>An item's size, ETag and LastModified, read from three columns starting at <paramref name="first"/>.</summary>
        private static ObjectVersion Read(DbDataReader reader, int first) =>
            new ObjectVersion(
                reader.IsDBNull(first) ? 0 : reader.GetInt64(first),
                reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
                reader.IsDBNull(first + 2) ? (long?)null : reader.GetInt64(first + 2));
    }
}
