using System.Collections.Generic;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Storage.Rows;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>The chunks table of the SQLite store; the keyword index follows it through the table's triggers.</summary>
    internal sealed class SqliteChunkStore : IChunkStore
    {
        private readonly SqliteStore _store;

        public SqliteChunkStore(SqliteStore store)
        {
            _store = store;
        }

        public IChunkWriter OpenWriter() => new SqliteChunkWriter(_store);

        public IEnumerable<StoredChunk> ForFile(long fileId)
        {
            using var command = _store.Command(
                $"SELECT {StoredChunkRows.Columns} FROM chunks WHERE file_id = $file ORDER BY chunk_index;");
            command.Parameters.AddWithValue("$file", fileId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return StoredChunkRows.Read(reader, fileId);
            }
        }
    }
}
