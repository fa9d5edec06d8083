using System;
using System.Data.Common;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>The one row of the transcription_service table (which service, and where its key comes from), on any backend.</summary>
    internal static class TranscriptionServiceRow
    {
        /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
        public const string Columns = "provider, endpoint, model, key_source, key_name, key_vault, max_upload_bytes, updated_at";

        /// <summary>key_source of a transcription service that needs no key.</summary>
        private const string NoKey = "None";

        /// <summary>The key_source column's value: where the service's key comes from, or that it needs none.</summary>
        public static string KeySource(TranscriptionSettings settings) => settings.ApiKey?.Kind.ToString() ?? NoKey;

        /// <summary>The settings in the command's row, which holds the <see cref="Columns"/>; null when there is none.</summary>
        public static TranscriptionSettings? Read(DbCommand command)
        {
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
    }
}
