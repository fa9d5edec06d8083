using System;
using System.Collections.Generic;
using System.Data.Common;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>A page of a bucket's object items as the store holds them, read from rows, on any backend.</summary>
    internal static class StoredObjectItemRows
    {
        /// <summary>The items of the command's rows (id, key, size, etag, last_modified, fingerprint), by key.</summary>
        public static Dictionary<string, StoredObjectItem> ByKey(DbCommand command)
        {
            var known = new Dictionary<string, StoredObjectItem>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                known[reader.GetString(1)] = new StoredObjectItem(
                    reader.GetInt64(0),
                    reader.IsDBNull(2) ? 0 : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? (long?)null : reader.GetInt64(4),
                    reader.IsDBNull(5) ? (long?)null : reader.GetInt64(5));
            }

            return known;
        }
    }
}
