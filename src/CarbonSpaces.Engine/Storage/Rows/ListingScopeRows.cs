using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Ingest;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Listing scopes read from rows of files grouped by data source and bucket, on any backend.</summary>
    internal static class ListingScopeRows
    {
        /// <summary>The scopes of the command's rows (data_source_id, bucket, count(*), min(key), max(key)).</summary>
        public static IReadOnlyList<ListingScope> ReadAll(DbCommand command)
        {
            var scopes = new List<ListingScope>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // count(*) is a bigint in PostgreSQL, where GetInt32 refuses it; SQLite's GetInt32 converts the same way.
                scopes.Add(new ListingScope(reader.GetInt64(0), reader.GetString(1), checked((int)reader.GetInt64(2)), reader.GetString(3), reader.GetString(4)));
            }

            return scopes;
        }
    }
}
