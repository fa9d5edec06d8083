using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Benchmarks.Reference
{
    /// <summary>One chunk as the engine stored it.</summary>
    internal sealed class StoredChunk
    {
        public long FileId { get; set; }

        public int Index { get; set; }

        public string Content { get; set; } = string.Empty;

        public int Tokens { get; set; }

        public long Start { get; set; }

        public long End { get; set; }

        public int? Page { get; set; }
    }

    /// <summary>
    /// P3's second reference: the same chunks written straight into SQLite with Microsoft.Data.Sqlite,
    /// in the same schema shape as the engine's store (a content table and an external-content FTS5
    /// index kept by an insert trigger, same tokenizer and pragmas), one prepared statement, one
    /// transaction per batch of files. What the keyword index costs with no engine around it.
    /// </summary>
    internal static class RawFtsIndex
    {
        public const int FilesPerTransaction = 64;

        private const string Schema = @"
CREATE TABLE chunks (
    id            INTEGER PRIMARY KEY,
    file_id       INTEGER NOT NULL,
    chunk_index   INTEGER NOT NULL,
    content       TEXT NOT NULL,
    tokens        INTEGER NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    page          INTEGER,
    embedding     BLOB,
    UNIQUE (file_id, chunk_index)
);
CREATE VIRTUAL TABLE chunks_fts USING fts5 (content, content = 'chunks', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, content) VALUES (new.id, new.content);
END;";

        /// <summary>Every chunk of a store (of one bucket's files, when given), grouped by file in file order.</summary>
        public static List<List<StoredChunk>> Load(string storePath, string? bucket, int? limit = null)
        {
            var files = new List<List<StoredChunk>>();
            using var connection = Open(storePath, SqliteOpenMode.ReadOnly);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT c.file_id, c.chunk_index, c.content, c.tokens, c.start_offset, c.end_offset, c.page FROM chunks c JOIN files f ON f.id = c.file_id"
                + (bucket == null ? string.Empty : " WHERE f.bucket = $bucket")
                + " ORDER BY c.file_id, c.chunk_index"
                + (limit.HasValue ? " LIMIT " + limit.Value : string.Empty) + ";";
            if (bucket != null)
            {
                command.Parameters.AddWithValue("$bucket", bucket);
            }

            using var reader = command.ExecuteReader();
            List<StoredChunk>? current = null;
            while (reader.Read())
            {
                var chunk = new StoredChunk
                {
                    FileId = reader.GetInt64(0),
                    Index = reader.GetInt32(1),
                    Content = reader.GetString(2),
                    Tokens = reader.GetInt32(3),
                    Start = reader.GetInt64(4),
                    End = reader.GetInt64(5),
                    Page = reader.IsDBNull(6) ? (int?)null : reader.GetInt32(6),
                };
                if (current == null || current[0].FileId != chunk.FileId)
                {
                    current = new List<StoredChunk>();
                    files.Add(current);
                }

                current.Add(chunk);
            }

            return files;
        }

        /// <summary>Builds a new index at <paramref name="path"/>; returns the number of chunks written.</summary>
        public static long Build(string path, IReadOnlyList<List<StoredChunk>> files)
        {
            SQLitePCL.Batteries_V2.Init();
            using var connection = Open(path, SqliteOpenMode.ReadWriteCreate);
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;" + Schema;
                pragmas.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset, page) VALUES ($file, $index, $content, $tokens, $start, $end, $page);";
            var file = insert.Parameters.Add("$file", SqliteType.Integer);
            var index = insert.Parameters.Add("$index", SqliteType.Integer);
            var content = insert.Parameters.Add("$content", SqliteType.Text);
            var tokens = insert.Parameters.Add("$tokens", SqliteType.Integer);
            var start = insert.Parameters.Add("$start", SqliteType.Integer);
            var end = insert.Parameters.Add("$end", SqliteType.Integer);
            var page = insert.Parameters.Add("$page", SqliteType.Integer);

            long written = 0;
            for (var batch = 0; batch < files.Count; batch += FilesPerTransaction)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                if (batch == 0)
                {
                    insert.Prepare();
                }

                for (var f = batch; f < Math.Min(files.Count, batch + FilesPerTransaction); f++)
                {
                    foreach (var chunk in files[f])
                    {
                        file.Value = chunk.FileId;
                        index.Value = chunk.Index;
                        content.Value = chunk.Content;
                        tokens.Value = chunk.Tokens;
                        start.Value = chunk.Start;
                        end.Value = chunk.End;
                        page.Value = (object?)chunk.Page ?? DBNull.Value;
                        insert.ExecuteNonQuery();
                        written++;
                    }
                }

                transaction.Commit();
            }

            return written;
        }

        private static SqliteConnection Open(string path, SqliteOpenMode mode)
        {
            SQLitePCL.Batteries_V2.Init();
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }
    }
}
