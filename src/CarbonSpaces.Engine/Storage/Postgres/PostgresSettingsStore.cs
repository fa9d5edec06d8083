using System;
using System.Text.Json;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Services.Transcription;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// The settings table (the embedding model, the rerank service: one JSON document a name) and the one row of
    /// transcription_service (which service, and where its key comes from). No secrets.
    /// </summary>
    internal sealed class PostgresSettingsStore : ISettingsStore
    {
        private const string EmbeddingModelSetting = "embedding_model";
        private const string RerankServiceSetting = "rerank_service";

        /// <summary>key_source of a transcription service that needs no key.</summary>
        private const string NoKey = "None";

        private readonly PostgresStore _store;

        public PostgresSettingsStore(PostgresStore store)
        {
            _store = store;
        }

        public EmbeddingSettings? ReadEmbedding() => Read<EmbeddingSettings>(EmbeddingModelSetting);

        public void WriteEmbedding(IUnitOfWork work, EmbeddingSettings settings) => Write(work, EmbeddingModelSetting, settings);

        public RerankSettings? ReadRerank() => Read<RerankSettings>(RerankServiceSetting);

        public void WriteRerank(IUnitOfWork work, RerankSettings settings) => Write(work, RerankServiceSetting, settings);

        public TranscriptionSettings? ReadTranscription()
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

        public void WriteTranscription(IUnitOfWork work, TranscriptionSettings settings)
        {
            using var command = _store.Command(
                @"INSERT INTO transcription_service (id, provider, endpoint, model, key_source, key_name, key_vault, max_upload_bytes, updated_at)
                  VALUES (1, @provider, @endpoint, @model, @keySource, @keyName, @keyVault, @maxUpload, @now)
                  ON CONFLICT (id) DO UPDATE SET
                      provider = excluded.provider, endpoint = excluded.endpoint, model = excluded.model, key_source = excluded.key_source,
                      key_name = excluded.key_name, key_vault = excluded.key_vault, max_upload_bytes = excluded.max_upload_bytes,
                      updated_at = excluded.updated_at;",
                work);
            command.Parameters.AddWithValue("provider", settings.Provider);
            command.Parameters.AddWithValue("endpoint", settings.Endpoint.AbsoluteUri);
            command.Parameters.AddWithValue("model", settings.Model);
            command.Parameters.AddWithValue("keySource", settings.ApiKey?.Kind.ToString() ?? NoKey);
            command.Parameters.Add("keyName", NpgsqlDbType.Text).Value = (object?)settings.ApiKey?.Name ?? DBNull.Value;
            command.Parameters.Add("keyVault", NpgsqlDbType.Text).Value = (object?)settings.ApiKey?.Vault ?? DBNull.Value;
            command.Parameters.AddWithValue("maxUpload", settings.MaxUploadBytes);
            command.Parameters.AddWithValue("now", UnixTime.ToStored(settings.UpdatedAt));
            command.ExecuteNonQuery();
        }

        private T? Read<T>(string name)
            where T : class
        {
            using var command = _store.Command("SELECT value FROM settings WHERE name = @name;");
            command.Parameters.AddWithValue("name", name);
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json) : null;
        }

        private void Write<T>(IUnitOfWork work, string name, T value)
        {
            using var command = _store.Command(
                @"INSERT INTO settings (name, value, updated_at) VALUES (@name, @value, @now)
                  ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;",
                work);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("value", JsonSerializer.Serialize(value));
            command.Parameters.AddWithValue("now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            command.ExecuteNonQuery();
        }
    }
}
