using System;
using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Data sources read from rows of the data_sources table, on any backend.</summary>
    internal static class DataSourceRows
    {
        /// <summary>The columns <see cref="ReadAll"/> reads, in its order.</summary>
        public const string Columns =
            "id, name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, credential_reference, tags, created_at, updated_at, items_synced_at, sync_status, sync_error_message";

        /// <summary>The data sources of the command's rows, which hold the <see cref="Columns"/>.</summary>
        public static IReadOnlyList<DataSource> ReadAll(DbCommand command)
        {
            var sources = new List<DataSource>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sources.Add(new DataSource
                {
                    Id = reader.GetInt64(0),
                    Name = reader.GetString(1),
                    CustomerId = reader.GetString(2),
                    Provider = SourceLabels.ProviderOf(reader.GetString(3)),
                    Endpoint = reader.GetString(4),
                    Region = reader.GetString(5),
                    AccessKeyId = reader.GetString(6),
                    Credential = StoredCredentialReference.FromStored(reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)),
                    Tags = Tags.FromJson(reader.GetString(9)),
                    CreatedAt = UnixTime.FromStored(reader.GetInt64(10)),
                    UpdatedAt = UnixTime.FromStored(reader.GetInt64(11)),
                    ItemsSyncedAt = reader.IsDBNull(12) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(12)),
                    SyncStatus = reader.GetString(13),
                    SyncErrorMessage = reader.IsDBNull(14) ? null : reader.GetString(14),
                });
            }

            return sources;
        }
    }
}
