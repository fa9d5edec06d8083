using System;
using System.Text.Json;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Engine.Storage.Rows;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// The settings table (the embedding model, the rerank service: one JSON document a name) and the one row of
    /// transcription_service (which service, and where its key comes from). No secrets.
    /// </summary>
    internal sealed class PostgresSettingsStore : ISettingsStore
    {
        private readonly PostgresStore _store;

        public PostgresSettingsStore(PostgresStore store)
        {
            _store = store;
        }

        public EmbeddingSettings? ReadEmbedding() => Read<EmbeddingSettings>(SettingNames.EmbeddingModel);

        public void WriteEmbedding(IUnitOfWork work, EmbeddingSettings settings) => Write(work, SettingNames.EmbeddingModel, settings);

        public RerankSettings? ReadRerank() => Read<RerankSettings>(SettingNames.RerankService);

        public void WriteRerank(IUnitOfWork work, RerankSettings settings) => Write(work, SettingNames.RerankService, settings);

        public TranscriptionSettings? ReadTranscription()
        {
            using var command = _store.Command(
                $"SELECT {TranscriptionServiceRow.Columns} FROM transcription_service WHERE id = 1;");
            return TranscriptionServiceRow.Read(command);
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
            command.Parameters.AddWithValue("keySource", TranscriptionServiceRow.KeySource(settings));
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
