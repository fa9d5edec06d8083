using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>Reads and writes the data_sources table (its lease and auto-sync columns are the auto-sync store's).</summary>
    internal sealed class SqliteDataSourceStore : IDataSourceStore
    {
        private readonly SqliteStore _store;

        public SqliteDataSourceStore(SqliteStore store)
        {
            _store = store;
        }

        public IReadOnlyList<DataSource> List(IReadOnlyCollection<long>? ids = null, IReadOnlyCollection<string>? names = null, IReadOnlyCollection<string>? customerIds = null)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = $"SELECT {DataSourceRows.Columns} FROM data_sources WHERE 1 = 1"
                + SqlFilters.InList("id", "$id", ids, command)
                + SqlFilters.Wildcards("name", "$name", names, command)
                + SqlFilters.InList($"{SqliteStore.FoldFunction}(customer_id)", "$customer", customerIds?.Select(c => c.ToLowerInvariant()).ToList(), command)
                + " ORDER BY id;";
            return DataSourceRows.ReadAll(command);
        }

        public DataSource? Find(long id, IUnitOfWork? work = null)
        {
            using var command = _store.Command($"SELECT {DataSourceRows.Columns} FROM data_sources WHERE id = $id;", work);
            command.Parameters.AddWithValue("$id", id);
            var found = DataSourceRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        public DataSource Get(long id, IUnitOfWork? work = null) => Find(id, work) ?? throw DataSource.NotFound(id);

        public DataSource? FindByKey(string endpoint, string accessKeyId, IUnitOfWork? work = null)
        {
            using var command = _store.Command($"SELECT {DataSourceRows.Columns} FROM data_sources WHERE endpoint = $endpoint AND access_key_id = $key;", work);
            command.Parameters.AddWithValue("$endpoint", endpoint);
            command.Parameters.AddWithValue("$key", accessKeyId);
            var found = DataSourceRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        public long Insert(IUnitOfWork work, DataSource source)
        {
            using var command = _store.Command(
                @"INSERT INTO data_sources (name, customer_id, data_source_metadata, endpoint, region, access_key_id,
                      credential_source, credential_reference, tags, created_at, updated_at, sync_status)
                  VALUES ($name, $customer, $metadata, $endpoint, $region, $key, $credSource, $credRef, $tags, $now, $now, $status);
                  SELECT last_insert_rowid();",
                work);
            Bind(command, source);
            command.Parameters.AddWithValue("$status", source.SyncStatus);
            return (long)command.ExecuteScalar()!;
        }

        public void Update(IUnitOfWork work, DataSource source)
        {
            using var command = _store.Command(
                @"UPDATE data_sources SET name = $name, customer_id = $customer, data_source_metadata = $metadata, endpoint = $endpoint,
                      region = $region, access_key_id = $key, credential_source = $credSource,
                      credential_reference = $credRef, tags = $tags, updated_at = $now
                  WHERE id = $id;",
                work);
            Bind(command, source);
            command.Parameters.AddWithValue("$id", source.Id);
            command.ExecuteNonQuery();
        }

        public void SetSyncState(IUnitOfWork? work, long id, string status, string? errorMessage, DateTimeOffset? itemsSyncedAt)
        {
            using var command = _store.Command(
                @"UPDATE data_sources SET sync_status = $status, sync_error_message = $error,
                      items_synced_at = coalesce($syncedAt, items_synced_at) WHERE id = $id;",
                work);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$error", (object?)errorMessage ?? DBNull.Value);
            command.Parameters.AddWithValue("$syncedAt", itemsSyncedAt.HasValue ? UnixTime.ToStored(itemsSyncedAt.Value) : (object)DBNull.Value);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        public void Delete(IUnitOfWork work, long id)
        {
            using var command = _store.Command("DELETE FROM data_sources WHERE id = $id;", work);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        private static void Bind(SqliteCommand command, DataSource source)
        {
            command.Parameters.AddWithValue("$name", source.Name);
            command.Parameters.AddWithValue("$customer", source.CustomerId);
            command.Parameters.AddWithValue("$metadata", source.DataSourceMetadata);
            command.Parameters.AddWithValue("$endpoint", source.Endpoint);
            command.Parameters.AddWithValue("$region", source.Region);
            command.Parameters.AddWithValue("$key", source.AccessKeyId);
            command.Parameters.AddWithValue("$credSource", source.Credential.Source.ToString());
            command.Parameters.AddWithValue("$credRef", StoredCredentialReference.ToStored(source.Credential));
            command.Parameters.AddWithValue("$tags", Tags.ToJson(source.Tags));
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
        }
    }
}
