using System;
using System.Text;
using System.Threading.Channels;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Text;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P5's store: a store created by the engine (its schema and triggers), filled straight through
    /// SQLite with files and chunks of Zipf text; chunks_fts is filled by the engine's own trigger.
    /// Syncing a million chunks through S3 would not fit the run's time; the index is the same.
    /// </summary>
    internal sealed class SearchBuildWork : IWork
    {
        public const string Name = "search-build";
        public const int ChunksPerFile = 100;
        private const int ChunksPerTransaction = 20_000;

        /// <summary>Words per chunk: short chunks keep a million of them within the run's time and disk (the engine's default of 1500 tokens would be 6 GB).</summary>
        public const int WordsPerChunk = 90;

        public Task WarmUpAsync(ChildRequest request) => Task.CompletedTask;

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            long dataSourceId;
            using (var session = await EngineSession.OpenAsync(request.StorePath, request.Account, request.CustomerId).ConfigureAwait(false))
            {
                dataSourceId = session.DataSourceId;
            }

            var chunks = Channel.CreateBounded<string>(new BoundedChannelOptions(50_000) { SingleReader = true, SingleWriter = true });
            var total = request.Count;
            var producer = Task.Run(async () =>
            {
                var generator = new NaturalTextGenerator(ZipfVocabulary.Create());
                var random = new Random(55);
                var text = new StringBuilder(2048);
                for (long i = 0; i < total; i++)
                {
                    text.Clear();
                    generator.AppendWords(text, WordsPerChunk - 30 + random.Next(61), random);
                    await chunks.Writer.WriteAsync(text.ToString()).ConfigureAwait(false);
                }

                chunks.Writer.Complete();
            });

            result.Begin();
            long characters = 0;
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = request.StorePath, Pooling = false }.ToString()))
            {
                connection.Open();
                // A fixture, built once: no journal and no syncs while it is filled (the index is the same); WAL again at the end, as the engine keeps it.
                Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA foreign_keys = ON;");
                using var insertFile = Prepare(connection,
                    @"INSERT INTO files (data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags,
                          chunk_size, chunk_overlap, skip_embedding_generation, options, size, etag, source_last_modified, characters, tokens, chunks, created_at, updated_at, last_synced_at)
                      VALUES ($ds, 'S3', 'S3 Object', 'bench-search', $key, $name, 'TXT', 'READY', '{}', 1500, 20, 1, '{}', 0, NULL, NULL, 0, 0, $chunks, $now, $now, $now);
                      SELECT last_insert_rowid();",
                    "$ds", "$key", "$name", "$chunks", "$now");
                using var insertChunk = Prepare(connection,
                    "INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset, page) VALUES ($file, $index, $content, $tokens, $start, $end, NULL);",
                    "$file", "$index", "$content", "$tokens", "$start", "$end");
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

                SqliteTransaction? transaction = null;
                long written = 0, fileId = 0, offset = 0;
                while (await chunks.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (chunks.Reader.TryRead(out var content))
                    {
                        if (transaction == null)
                        {
                            transaction = connection.BeginTransaction();
                            insertFile.Transaction = transaction;
                            insertChunk.Transaction = transaction;
                        }

                        var index = (int)(written % ChunksPerFile);
                        if (index == 0)
                        {
                            var fileNumber = written / ChunksPerFile;
                            insertFile.Parameters["$ds"].Value = dataSourceId;
                            insertFile.Parameters["$key"].Value = $"library/volume-{fileNumber / 1000:D4}/document-{fileNumber:D7}.txt";
                            insertFile.Parameters["$name"].Value = $"document-{fileNumber:D7}.txt";
                            insertFile.Parameters["$chunks"].Value = (int)Math.Min(ChunksPerFile, total - written);
                            insertFile.Parameters["$now"].Value = now;
                            fileId = (long)insertFile.ExecuteScalar()!;
                            offset = 0;
                        }

                        insertChunk.Parameters["$file"].Value = fileId;
                        insertChunk.Parameters["$index"].Value = index;
                        insertChunk.Parameters["$content"].Value = content;
                        insertChunk.Parameters["$tokens"].Value = content.Length / 4;
                        insertChunk.Parameters["$start"].Value = offset;
                        insertChunk.Parameters["$end"].Value = offset + content.Length;
                        insertChunk.ExecuteNonQuery();
                        offset += content.Length + 2;
                        characters += content.Length;
                        written++;
                        if (written % ChunksPerTransaction == 0)
                        {
                            transaction.Commit();
                            transaction.Dispose();
                            transaction = null;
                        }
                    }
                }

                transaction?.Commit();
                transaction?.Dispose();
                Execute(connection, "PRAGMA journal_mode = WAL;");
                result.Metrics["chunks"] = written;
                result.Metrics["files"] = (written + ChunksPerFile - 1) / ChunksPerFile;
            }

            await producer.ConfigureAwait(false);
            result.End();
            result.Metrics["characters"] = characters;
            result.Metrics["storeBytes"] = FileSyncWork.StoreBytes(request.StorePath);
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }
}
