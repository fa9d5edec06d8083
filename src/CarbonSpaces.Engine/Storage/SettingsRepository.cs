using CarbonSpaces.Engine.Storage.Sqlite;
using System;
using System.Text.Json;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The store's own settings (the embedding model, the rerank service), one JSON document a name. No secrets.</summary>
    internal sealed class SettingsRepository
    {
        private const string EmbeddingModelSetting = "embedding_model";
        private const string RerankServiceSetting = "rerank_service";

        private readonly SqliteStore _store;

        public SettingsRepository(SqliteStore store)
        {
            _store = store;
        }

        public EmbeddingSettings? ReadEmbedding() => Read<EmbeddingSettings>(EmbeddingModelSetting);

        public void WriteEmbedding(EmbeddingSettings settings) => Write(EmbeddingModelSetting, settings);

        public RerankSettings? ReadRerank() => Read<RerankSettings>(RerankServiceSetting);

        public void WriteRerank(RerankSettings settings) => Write(RerankServiceSetting, settings);

        private T? Read<T>(string name)
            where T : class
        {
            using var command = _store.Command("SELECT value FROM settings WHERE name = $name;");
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<T>(json) : null;
        }

        private void Write<T>(string name, T value)
        {
            using var transaction = _store.BeginWrite();
            using var command = _store.Command(
                @"INSERT INTO settings (name, value, updated_at) VALUES ($name, $value, $now)
                  ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;",
                transaction);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$value", JsonSerializer.Serialize(value));
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
