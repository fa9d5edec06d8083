using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Copy
{
    /// <summary>
    /// Copy-CarbonStore: moves a SQLite store into an empty PostgreSQL store whole — data sources, items, files,
    /// chunks, vectors, events, settings — keeping every id, so what a user scripted against ids still holds.
    /// </summary>
    /// <remarks>
    /// Atomic: every row goes in one PostgreSQL transaction, and the counts of every table are checked in it before
    /// it commits, so a failure, a lost connection or Ctrl+C leaves the target as empty as it was and the copy can
    /// simply run again. Rows go by binary COPY, table by table in the order their references need; the keyword
    /// index is not copied but made by PostgreSQL from the chunk text (a generated column).
    /// </remarks>
    public static class StoreCopy
    {
        /// <summary>The tables in the order their foreign keys need, with the column that orders a stable read.</summary>
        private static readonly (string Table, string Order)[] Tables =
        {
            ("settings", "name"),
            ("transcription_service", "id"),
            ("auto_sync_settings", "customer_id"),
            ("data_sources", "id"),
            ("items", "id"),
            ("sync_roots", "id"),
            ("files", "id"),
            ("chunks", "id"),
            ("chunk_vectors", "chunk_id"),
            ("removed_objects", "data_source_id, bucket, key"),
            ("events", "id"),
        };

        private const int RowsPerProgress = 5_000;

        /// <param name="toCredential">-StoreCredential: the user name and password the PostgreSQL target connects with.</param>
        public static StoreCopyResult Run(string from, string to, NetworkCredential? toCredential, IOperationReporter reporter, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            var target = Target(to, toCredential);
            var source = SourceOf(from);
            using var sqlite = SqliteStore.Open(source.Path);
            using var postgres = PostgresDatabase.Open(target);
            using var connection = postgres.OpenConnection();
            RequireEmpty(connection, target);

            var totals = Tables.ToDictionary(t => t.Table, t => Count(sqlite, t.Table));
            long total = totals.Values.Sum(), done = 0;
            using (var transaction = connection.BeginTransaction())
            {
                var searchIndexes = DropSearchIndexes(connection, transaction);
                foreach (var (table, order) in Tables)
                {
                    var columns = TargetColumns(connection, transaction, table);
                    done += CopyTable(sqlite, connection, table, order, columns, copied =>
                    {
                        cancellation.ThrowIfCancellationRequested();
                        reporter.Progress(new OperationProgress("Copying the store", $"{table}: {copied:N0} of {totals[table]:N0} rows", Percent(done + copied, total), target.Display));
                    });
                    ResetIdentity(connection, transaction, table, columns);
                }

                cancellation.ThrowIfCancellationRequested();
                reporter.Progress(new OperationProgress("Copying the store", "Building the keyword and vector indexes", 100, target.Display));
                CreateIndexes(connection, transaction, searchIndexes, cancellation);
                Verify(connection, transaction, totals, source.Path, target.Display);
                transaction.Commit();
            }

            reporter.Progress(new OperationProgress("Copying the store", "Done", 100, target.Display, completed: true));
            return new StoreCopyResult(source.Path, target.Display, totals, clock.Elapsed);
        }

        private static SqliteStoreLocation SourceOf(string from)
        {
            if (StoreLocation.Resolve(from) is not SqliteStoreLocation sqlite)
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidStoreCopy", FailureKind.InvalidArgument,
                    "-From must be a SQLite store file; copying from a PostgreSQL store is not supported (use pg_dump to move a PostgreSQL store).", from);
            }

            if (!File.Exists(sqlite.Path))
            {
                throw new CarbonSpacesException("CarbonSpaces.StoreNotFound", FailureKind.NotFound,
                    $"There is no store file '{sqlite.Path}'. Give -From the path of an existing CarbonSpaces store (the default is '{StoreLocation.DefaultPath()}').", sqlite.Path);
            }

            return sqlite;
        }

        /// <summary>The PostgreSQL store <paramref name="to"/> names (what Copy-CarbonStore asks to confirm); a file path is refused.</summary>
        public static PostgresStoreLocation Target(string to, NetworkCredential? credential) =>
            (StoreLocation.IsServerLocation(to) ? StoreLocation.Resolve(to, credential) : null) as PostgresStoreLocation
            ?? throw new CarbonSpacesException("CarbonSpaces.InvalidStoreCopy", FailureKind.InvalidArgument,
                $"-To must be a PostgreSQL store (postgresql://user@host:port/database, or Host=…;Database=…); '{to}' is a file path.", to);

        private static void RequireEmpty(NpgsqlConnection connection, PostgresStoreLocation target)
        {
            using var command = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM data_sources) OR EXISTS (SELECT 1 FROM settings) OR EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM auto_sync_settings);",
                connection);
            if ((bool)command.ExecuteScalar()!)
            {
                throw new CarbonSpacesException("CarbonSpaces.StoreNotEmpty", FailureKind.Conflict,
                    $"The store '{target.Display}' already holds data; Copy-CarbonStore copies into an empty database only, so that no id clashes. Create a new database, or drop this one's CarbonSpaces tables first.",
                    target.Display);
            }
        }

        private static long Count(SqliteStore store, string table)
        {
            using var command = store.Command($"SELECT count(*) FROM {table};");
            return (long)command.ExecuteScalar()!;
        }

        /// <summary>
        /// Drops the GIN (keywords) and HNSW (vectors) indexes of the tables it fills and returns their definitions, to build
        /// them again once the rows are in: pgvector builds an HNSW index of 100,000 vectors in 67 s at once against
        /// some 340 s when each row goes into it as it is copied, and GIN builds in bulk too. The schema stays the
        /// migrations' own, as its definitions are read back rather than written here again.
        /// </summary>
        private static List<string> DropSearchIndexes(NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            var definitions = new List<(string Name, string Definition)>();
            // Only the store's own tables: the schema may hold a user's other tables, whose indexes are not the copy's to rebuild.
            using (var query = new NpgsqlCommand(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(@tables) AND indexdef ~ ' USING (gin|hnsw) ' ORDER BY indexname;",
                connection, transaction))
            {
                query.Parameters.AddWithValue("tables", Tables.Select(t => t.Table).ToArray());
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    definitions.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            foreach (var (name, _) in definitions)
            {
                using var drop = new NpgsqlCommand($"DROP INDEX \"{name}\";", connection, transaction);
                drop.ExecuteNonQuery();
            }

            return definitions.Select(d => d.Definition).ToList();
        }

        private static void CreateIndexes(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<string> definitions, CancellationToken cancellation)
        {
            // An HNSW build is fastest with its graph in memory (pgvector's advice); for this transaction only.
            using (var memory = new NpgsqlCommand("SET LOCAL maintenance_work_mem = '512MB';", connection, transaction))
            {
                memory.ExecuteNonQuery();
            }

            foreach (var definition in definitions)
            {
                // A build of a large store's index takes minutes: no time limit, but Ctrl+C cancels it on the server.
                using var create = new NpgsqlCommand(definition + ";", connection, transaction) { CommandTimeout = 0 };
                using (cancellation.Register(create.Cancel))
                {
                    try
                    {
                        create.ExecuteNonQuery();
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.QueryCanceled && cancellation.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellation);
                    }
                }
            }
        }

        /// <summary>The target table's columns that take a value (generated ones are left to PostgreSQL), with their types.</summary>
        private static List<(string Name, string Type)> TargetColumns(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
        {
            using var command = new NpgsqlCommand(
                "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position;",
                connection, transaction);
            command.Parameters.AddWithValue(table);
            var columns = new List<(string, string)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }

            return columns;
        }

        private static long CopyTable(SqliteStore sqlite, NpgsqlConnection connection, string table, string order, List<(string Name, string Type)> columns, Action<long> progress)
        {
            var names = string.Join(", ", columns.Select(c => c.Name));
            using var read = sqlite.Command($"SELECT {names} FROM {table} ORDER BY {order};");
            using var rows = read.ExecuteReader();
            using var writer = connection.BeginBinaryImport($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)");
            long copied = 0;
            while (rows.Read())
            {
                writer.StartRow();
                for (int i = 0; i < columns.Count; i++)
                {
                    Write(writer, rows, i, columns[i].Type);
                }

                if (++copied % RowsPerProgress == 0)
                {
                    progress(copied);
                }
            }

            writer.Complete();
            progress(copied);
            return copied;
        }

        /// <summary>One value from SQLite's loose types into the column's PostgreSQL type.</summary>
        private static void Write(NpgsqlBinaryImporter writer, SqliteDataReader row, int ordinal, string type)
        {
            if (row.IsDBNull(ordinal))
            {
                writer.WriteNull();
                return;
            }

            switch (type)
            {
                case "int8":
                    writer.Write(row.GetInt64(ordinal), NpgsqlDbType.Bigint);
                    break;
                case "int4":
                    writer.Write(row.GetInt32(ordinal), NpgsqlDbType.Integer);
                    break;
                case "bool":
                    writer.Write(row.GetInt64(ordinal) != 0, NpgsqlDbType.Boolean);
                    break;
                case "float8":
                    writer.Write(row.GetDouble(ordinal), NpgsqlDbType.Double);
                    break;
                case "vector":
                    writer.Write(VectorOf((byte[])row.GetValue(ordinal)));
                    break;
                default:
                    writer.Write(row.GetString(ordinal), NpgsqlDbType.Text);
                    break;
            }
        }

        private static Pgvector.Vector VectorOf(byte[] blob)
        {
            var values = new float[blob.Length / sizeof(float)];
            if (!VectorBlob.TryRead(blob, values))
            {
                throw new CarbonSpacesException("CarbonSpaces.StoreCorrupt", FailureKind.InvalidData,
                    "A chunk vector in the SQLite store is not a whole number of float32 values. Re-embed the store (Invoke-CarbonResync -ForceEmbeddingGeneration) and copy again.", blob.Length);
            }

            return new Pgvector.Vector(values);
        }

        /// <summary>New rows after the copy get ids after the copied ones (an identity does not move when ids are given).</summary>
        private static void ResetIdentity(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, List<(string Name, string Type)> columns)
        {
            using var identity = new NpgsqlCommand(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES';",
                connection, transaction);
            identity.Parameters.AddWithValue(table);
            if (identity.ExecuteScalar() is not string column || columns.All(c => c.Name != column))
            {
                return;
            }

            using var restart = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), coalesce(max({column}), 0) + 1, false) FROM {table};",
                connection, transaction);
            restart.ExecuteNonQuery();
        }

        private static void Verify(NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, long> expected, string from, string to)
        {
            foreach (var table in expected)
            {
                using var command = new NpgsqlCommand($"SELECT count(*) FROM {table.Key};", connection, transaction);
                var copied = (long)command.ExecuteScalar()!;
                if (copied != table.Value)
                {
                    throw new CarbonSpacesException("CarbonSpaces.StoreCopyIncomplete", FailureKind.WriteFailed,
                        $"The copy of '{from}' into '{to}' found {copied:N0} rows in {table.Key} where the source has {table.Value:N0}; nothing was committed. Run Copy-CarbonStore again (no other process may write the source meanwhile).",
                        table.Key);
                }
            }
        }

        private static int Percent(long done, long total) => total == 0 ? 100 : (int)Math.Min(99, done * 100 / total);
    }
}
