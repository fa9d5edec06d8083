using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>Reads and writes the data_sources table (its lease and auto-sync columns are the auto-sync store's).</summary>
    internal sealed class PostgresDataSourceStore : IDataSourceStore
    {
        private readonly PostgresStore _store;

        public PostgresDataSourceStore(PostgresStore store)
        {
            _store = store;
        }

        public IReadOnlyList<DataSource> List(IReadOnlyCollection<long>? ids = null, IReadOnlyCollection<string>? names = null, IReadOnlyCollection<string>? customerIds = null)
        {
            using var command = _store.Command(string.Empty);
            var sql = $"SELECT {DataSourceRows.Columns} FROM data_sources WHERE true";
            sql += PostgresFilters.InList("id", "ids", ids, command.Parameters);
            sql += PostgresWildcards.Filter("name", "name", names, command);
            // SQLite's customer_id is COLLATE NOCASE; here its index is on lower(customer_id).
            sql += PostgresFilters.InList("lower(customer_id)", "customers", customerIds?.Select(c => c.ToLowerInvariant()).ToArray(), command.Parameters);

            command.CommandText = sql + " ORDER BY id;";
            return DataSourceRows.ReadAll(command);
        }

        public DataSource? Find(long id, IUnitOfWork? work = null)
        {
            using var command = _store.Command($"SELECT {DataSourceRows.Columns} FROM data_sources WHERE id = @id;", work);
            command.Parameters.AddWithValue("id", id);
            var found = DataSourceRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        public DataSource Get(long id, IUnitOfWork? work = null) => Find(id, work) ?? throw DataSource.NotFound(id);

        public DataSource? FindByKey(string endpoint, string accessKeyId, IUnitOfWork? work = null)
        {
            using var command = _store.Command($"SELECT {DataSourceRows.Columns} FROM data_sources WHERE endpoint = @endpoint AND access_key_id = @key;", work);
            command.Parameters.AddWithValue("endpoint", endpoint);
            command.Parameters.AddWithValue("key", accessKeyId);
            var found = DataSourceRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        /// <remarks>
        /// Two machines may connect the same endpoint and key at once, each finding none: the one that commits second
        /// waits on the unique key and then updates what the first saved, as a reconnect would, rather than failing on
        /// a duplicate key. Either way the id returned is the data source's.
        /// </remarks>
        public long Insert(IUnitOfWork work, DataSource source)
        {
            using var command = _store.Command(
                @"INSERT INTO data_sources (name, customer_id, data_source_metadata, endpoint, region, access_key_id,
                      credential_source, credential_reference, tags, created_at, updated_at, sync_status)
                  VALUES (@name, @customer, @metadata, @endpoint, @region, @key, @credSource, @credRef, @tags, @now, @now, @status)
                  ON CONFLICT (endpoint, access_key_id) DO UPDATE SET
                      name = excluded.name, customer_id = excluded.customer_id, data_source_metadata = excluded.data_source_metadata,
                      region = excluded.region, credential_source = excluded.credential_source,
                      credential_reference = excluded.credential_reference, tags = excluded.tags, updated_at = excluded.updated_at
                  RETURNING id;",
                work);
            Bind(command, source);
            command.Parameters.AddWithValue("status", source.SyncStatus);
            return (long)command.ExecuteScalar()!;
        }

        public void Update(IUnitOfWork work, DataSource source)
        {
            using var command = _store.Command(
                @"UPDATE data_sources SET name = @name, customer_id = @customer, data_source_metadata = @metadata, endpoint = @endpoint,
                      region = @region, access_key_id = @key, credential_source = @credSource,
                      credential_reference = @credRef, tags = @tags, updated_at = @now
                  WHERE id = @id;",
                work);
            Bind(command, source);
            command.Parameters.AddWithValue("id", source.Id);
            command.ExecuteNonQuery();
        }

        public void SetSyncState(IUnitOfWork? work, long id, string status, string? errorMessage, DateTimeOffset? itemsSyncedAt)
        {
            using var command = _store.Command(
                @"UPDATE data_sources SET sync_status = @status, sync_error_message = @error,
                      items_synced_at = coalesce(@syncedAt, items_synced_at) WHERE id = @id;",
                work);
            command.Parameters.AddWithValue("status", status);
            command.Parameters.Add("error", NpgsqlDbType.Text).Value = (object?)errorMessage ?? DBNull.Value;
            command.Parameters.Add("syncedAt", NpgsqlDbType.Bigint).Value = itemsSyncedAt.HasValue ? UnixTime.ToStored(itemsSyncedAt.Value) : (object)DBNull.Value;
            command.Parameters.AddWithValue("id", id);
            command.ExecuteNonQuery();
        }

        public void Delete(IUnitOfWork work, long id)
        {
            using var command = _store.Command("DELETE FROM data_sources WHERE id = @id;", work);
            command.Parameters.AddWithValue("id", id);
            command.ExecuteNonQuery();
        }

        private static void Bind(NpgsqlCommand command, DataSource source)
        {
            command.Parameters.AddWithValue("name", source.Name);
            command.Parameters.AddWithValue("customer", source.CustomerId);
            command.Parameters.AddWithValue("metadata", source.DataSourceMetadata);
            command.Parameters.AddWithValue("endpoint", source.Endpoint);
            command.Parameters.AddWithValue("region", source.Region);
            command.Parameters.AddWithValue("key", source.AccessKeyId);
            command.Parameters.AddWithValue("credSource", source.Credential.Source.ToString());
            command.Parameters.Add("credRef", NpgsqlDbType.Text).Value = StoredCredentialReference.ToStored(source.Credential);
            command.Parameters.AddWithValue("tags", Tags.ToJson(source.Tags));
            command.Parameters.AddWithValue("now", UnixTime.ToStored(DateTimeOffset.UtcNow));
        }
    }
}
