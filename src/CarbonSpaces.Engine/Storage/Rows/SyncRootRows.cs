using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Sync roots read from rows of the sync_roots table, on any backend.</summary>
    internal static class SyncRootRows
    {
        /// <summary>The columns <see cref="ReadAll"/> reads, in its order.</summary>
        public const string Columns = "id, bucket, prefix, tags, chunk_size, chunk_overlap, skip_embedding_generation, options";

        /// <summary>The sync roots of the command's rows, which hold the <see cref="Columns"/>.</summary>
        public static IReadOnlyList<SyncRoot> ReadAll(DbCommand command)
        {
            var roots = new List<SyncRoot>();
            var options = new FileSyncOptions.StoredReader();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                roots.Add(new SyncRoot(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    options.Read(reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetBoolean(6), reader.GetString(7))));
            }

            return roots;
        }
    }
}
