using CarbonSpaces.Engine.Storage.Sqlite;
using System;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The one row of transcription_service: which service, and where its key comes from (never the key).</summary>
    internal sealed class TranscriptionSettingsTable
    {
        /// <summary>key_source of a service that needs no key.</summary>
        private const string NoKey = "None";

        private readonly SqliteStore _store;

        public TranscriptionSettingsTable(SqliteStore store)
        {
            _store = store;
        }

        public TranscriptionSettings? Read()
        {
            using var command = _store.Command(
                "SELECT provider, endpoint, model, key_source, key_name, key_vault, max_upload_bytes, updated_at FROM transcription_service WHERE id = 1;");
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new TranscriptionSettings
            {
                Provider = reader.GetString(0),
                Endpoint = new Uri(reader.GetString(1)),
                Model = reader.GetString(2),
                ApiKey = reader.GetString(3) == NoKey ? null : new ApiKeySource
                {
                    Kind = (ApiKeyKind)Enum.Parse(typeof(ApiKeyKind), reader.GetString(3)),
                    Name = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Vault = reader.IsDBNull(5) ? null : reader.GetString(5),
                },
                MaxUploadBytes = reader.GetInt64(6),
                UpdatedAt = UnixTime.FromStored(reader.GetInt64(7)),
            };
        }

        public void Write(TranscriptionSettings settings)
        {
            using var transaction = _store.BeginWrite();
            using var command = _store.Command(
                @"INSERT INTO transcription_service (id, provider, endpoint, model, key_source, key_name, key_vault, max_upload_bytes, updated_at)
                  VALUES (1, $provider, $endpoint, $model, $keySource, $keyName, $keyVault, $maxUpload, $now)
                  ON CONFLICT (id) DO UPDATE SET
                      provider = excluded.provider, endpoint = excluded.endpoint, model = excluded.model, key_source = excluded.key_source,
                      key_name = excluded.key_name, key_vault = excluded.key_vault, max_upload_bytes = excluded.max_upload_bytes,
                      updated_at = excluded.updated_at;",
                transaction);
            command.Parameters.AddWithValue("$provider", settings.Provider);
            command.Parameters.AddWithValue("$endpoint", settings.Endpoint.AbsoluteUri);
            command.Parameters.AddWithValue("$model", settings.Model);
            command.Parameters.AddWithValue("$keySource", settings.ApiKey?.Kind.ToString() ?? NoKey);
            command.Parameters.AddWithValue("$keyName", (object?)settings.ApiKey?.Name ?? DBNull.Value);
            command.Parameters.AddWithValue("$keyVault", (object?)settings.ApiKey?.Vault ?? DBNull.Value);
            command.Parameters.AddWithValue("$maxUpload", settings.MaxUploadBytes);
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(settings.UpdatedAt));
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
