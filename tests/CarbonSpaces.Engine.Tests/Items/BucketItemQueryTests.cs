using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using SQLitePCL;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    /// <summary>
    /// Every items sync first reads its data source's buckets. Those reads must not visit the
    /// data source's objects: with 100,000 of them a re-sync spent a third of a second there.
    /// SQLite's own counters say how many rows a statement stepped through.
    /// </summary>
    public sealed class BucketItemQueryTests
    {
        private const int Objects = 3_000;

        [Theory]
        [InlineData(SqliteItemStore.KnownBucketsSql)]
        [InlineData(SqliteItemStore.BucketItemsSql)]
        public void FindingADataSourcesBucketsDoesNotVisitItsObjects(string sql)
        {
            using var temp = new TempStore();
            using var store = SqliteStore.Open(temp.Path);
            SeedOneBucketOfObjects(store);

            var (rows, steps, fullScanSteps) = Run(store, sql);

            Assert.Equal(1, rows);
            Assert.Equal(0, fullScanSteps);
            Assert.True(steps < 100, $"{steps} virtual machine steps for one bucket among {Objects:N0} objects: the query visits the objects.");
        }

        private static void SeedOneBucketOfObjects(SqliteStore store)
        {
            using var transaction = store.BeginWrite();
            using var seed = store.Command(
                @"INSERT INTO data_sources (name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, created_at, updated_at, sync_status)
                  VALUES ('s', 'c', 'S3', 'http://127.0.0.1:1', 'us-east-1', 'AK', 'Store', 0, 0, 'READY');
                  INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, last_modified, file_format) VALUES (1, 0, 'b', '', 'b', NULL, 5, '');
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $objects)
                  INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format)
                  SELECT 1, 1, 'b', printf('k%06d', i), printf('k%06d', i), 1, 1, 'e', (i * 7919) % $objects, 'TXT' FROM n;",
                transaction);
            seed.Parameters.AddWithValue("$objects", Objects);
            seed.ExecuteNonQuery();
            transaction.Commit();
        }

        private static (int Rows, int Steps, int FullScanSteps) Run(SqliteStore store, string sql)
        {
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(store.Connection.Handle, sql, out var statement));
            using (statement)
            {
                raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "$ds"), 1);
                var rows = 0;
                while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
                {
                    rows++;
                }

                return (rows,
                    raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_VM_STEP, 0),
                    raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_FULLSCAN_STEP, 0));
            }
        }
    }
}
