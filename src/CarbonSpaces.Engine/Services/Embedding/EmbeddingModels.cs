using System;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>
    /// The store's embedding model: the one Set-CarbonEmbeddingModel chose, or the local one. Read once an
    /// engine, on first need (a command that never embeds never loads a model), and again after <see cref="Set"/>.
    /// </summary>
    public sealed class EmbeddingModels
    {
        /// <summary>Texts a request to a service carries; the local model batches its windows itself.</summary>
        private const int ServiceBatchSize = 64;

        private readonly IStore _store;
        private readonly IServiceKeyHost? _host;
        private Lazy<(EmbeddingModel? Model, string? Unavailable)> _current;

        /// <param name="host">Reads a key kept in SecretManagement; null where there is no PowerShell session.</param>
        internal EmbeddingModels(IStore store, IServiceKeyHost? host = null)
        {
            _store = store;
            _host = host;
            _current = ReadOnFirstNeed();
        }

        public EmbeddingSettings Settings => _store.Settings.ReadEmbedding() ?? EmbeddingSettings.Default;

        /// <summary>The model to embed with, or null when this host cannot run it (see <see cref="Unavailable"/>).</summary>
        public EmbeddingModel? Current => _current.Value.Model;

        /// <summary>Why there is no model here, in words that say what to do; null when there is one.</summary>
        public string? Unavailable => _current.Value.Unavailable;

        /// <summary>The name the current settings record vectors under, whether or not this host can compute them.</summary>
        public string CurrentName => Settings.Identity;

        /// <param name="sessionKey">A key given for this session only: kept in this process's memory, never stored.</param>
        public EmbeddingSettings Set(EmbeddingSettings settings, string? sessionKey = null)
        {
            if (sessionKey != null)
            {
                settings.ApiKey = ApiKeySource.InSession(KeyOwner(settings), sessionKey);
            }

            if (settings.Dimensions is int dimensions && (dimensions < 1 || dimensions > 8192))
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidDimensions", FailureKind.InvalidArgument, $"-Dimensions must be between 1 and 8192; {dimensions} was given.", dimensions);
            }

            if (settings.Provider == EmbeddingProvider.Local)
            {
                if (!string.Equals(settings.Model, EmbeddingSettings.DefaultLocalModel, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CarbonSpacesException(
                        "CarbonSpaces.UnknownModel",
                        FailureKind.InvalidArgument,
                        $"The local provider has one model, '{EmbeddingSettings.DefaultLocalModel}'; '{settings.Model}' is not available locally.",
                        settings.Model);
                }

                if (settings.Dimensions != null && settings.Dimensions != 384)
                {
                    throw new CarbonSpacesException("CarbonSpaces.InvalidDimensions", FailureKind.InvalidArgument, $"The local model gives 384 dimensions; -Dimensions {settings.Dimensions} cannot be asked of it.", settings.Dimensions);
                }

                settings.Model = EmbeddingSettings.DefaultLocalModel;
                settings.Dimensions = null;
                settings.Endpoint = null;
                settings.ApiKey = null;
            }
            else
            {
                RequireServiceSettings(settings);
            }

            settings.UpdatedAt = DateTimeOffset.UtcNow;
            using (var work = _store.BeginWrite())
            {
                _store.Settings.WriteEmbedding(work, settings);
                work.Commit();
            }

            _current = ReadOnFirstNeed();
            return settings;
        }

        private Lazy<(EmbeddingModel?, string?)> ReadOnFirstNeed() => new Lazy<(EmbeddingModel?, string?)>(() => Open(Settings, _host));

        private static void RequireServiceSettings(EmbeddingSettings settings)
        {
            if (string.IsNullOrWhiteSpace(settings.Model) || (settings.Provider == EmbeddingProvider.AzureOpenAI && settings.Endpoint == null))
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.EmbeddingSettingMissing",
                    FailureKind.InvalidArgument,
                    settings.Provider == EmbeddingProvider.AzureOpenAI
                        ? "Azure OpenAI needs -Endpoint (https://<resource>.openai.azure.com) and -Model (the deployment name)."
                        : $"{settings.Provider} needs -Model (the embedding model's name at the service).",
                    settings.Provider);
            }

            if (settings.Endpoint != null && !Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out _))
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidEndpoint", FailureKind.InvalidArgument, $"-Endpoint '{settings.Endpoint}' is not an absolute http(s) address.", settings.Endpoint);
            }

            if (settings.ApiKey == null && settings.Provider != EmbeddingProvider.Ollama)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.ApiKeyMissing",
                    FailureKind.AuthenticationFailed,
                    $"{settings.Provider} needs a key: give it with -ApiKey (kept for this session only), or for unattended runs name a SecretManagement secret with -SecretName or an environment variable with -ApiKeyVariable.",
                    settings.Provider);
            }
        }

        /// <summary>The model the settings name, or null and why this host cannot run it.</summary>
        /// <param name="host">Reads a key kept in SecretManagement.</param>
        internal static (EmbeddingModel? Model, string? Unavailable) Open(EmbeddingSettings settings, IServiceKeyHost? host = null)
        {
            if (settings.Provider != EmbeddingProvider.Local)
            {
                // Read once, on the first request: a secret is not fetched again for every batch of one command.
                var source = settings.ApiKey;
                var key = source == null ? null : new Lazy<string>(() => source.Resolve(KeyOwner(settings), "Set-CarbonEmbeddingModel", host), LazyThreadSafetyMode.ExecutionAndPublication);
                var generator = new HttpEmbeddingGenerator(settings, key == null ? null : () => key.Value);
                return (new EmbeddingModel(settings.Identity, settings.Dimensions, generator, string.Empty, ServiceBatchSize), null);
            }

#if NET8_0_OR_GREATER
            if (LocalModelFiles.Missing is string missing)
            {
                return (null, missing);
            }

            return (new EmbeddingModel(settings.Identity, 384, new LocalEmbeddingGenerator(), LocalEmbeddingModel.QueryPrefix, ServiceBatchSize), null);
#else
            return (null,
                "Windows PowerShell 5.1 cannot run the local embedding model (it needs PowerShell 7), so chunks are stored without embeddings " +
                "and searched by keyword. Run PowerShell 7, or set an embedding service with Set-CarbonEmbeddingModel.");
#endif
        }

        /// <summary>What the key is given for, in messages and in this session's memory.</summary>
        private static string KeyOwner(EmbeddingSettings settings) => $"the embedding model {settings.Identity}";
    }
}
