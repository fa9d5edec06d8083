using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Chunking;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>How a file is built, with Carbon's defaults. Kept with each file so a resync rebuilds it the same way.</summary>
    public sealed class FileSyncOptions
    {
        public const int DefaultMaxFileSizeMB = 100;

        public IReadOnlyDictionary<string, string> Tags { get; set; } = Common.Tags.Empty;

        public int ChunkSize { get; set; } = ChunkingOptions.DefaultChunkSize;

        public int ChunkOverlap { get; set; } = ChunkingOptions.DefaultChunkOverlap;

        public bool SkipEmbeddingGeneration { get; set; }

        public bool PrependFilenameToChunks { get; set; }

        public int? MaxItemsPerChunk { get; set; }

        public bool SetPageAsBoundary { get; set; }

        public bool UseOcr { get; set; }

        public int MaxFileSizeMB { get; set; } = DefaultMaxFileSizeMB;

        public long MaxFileSizeBytes => MaxFileSizeMB * 1024L * 1024L;

        /// <summary>Throws the chunker's parameter error (e.g. overlap ≥ size) before any work starts.</summary>
        public void Validate()
        {
            Chunking(null).Validate();
            if (MaxFileSizeMB < 1)
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidMaxFileSize", FailureKind.InvalidArgument, $"-MaxFileSizeMB must be at least 1; {MaxFileSizeMB} was given.", MaxFileSizeMB);
            }
        }

        public ChunkingOptions Chunking(string? fileName) => new ChunkingOptions
        {
            ChunkSize = ChunkSize,
            ChunkOverlap = ChunkOverlap,
            SetPageAsBoundary = SetPageAsBoundary,
            MaxItemsPerChunk = MaxItemsPerChunk,
            PrependFilename = PrependFilenameToChunks ? fileName : null,
        };

        public FileSyncOptions Clone() => (FileSyncOptions)MemberwiseClone();

        /// <summary>Whether a file built with <paramref name="other"/> would have the same chunks as one built with these options.</summary>
        public bool BuildsSameChunksAs(FileSyncOptions other) =>
            ChunkSize == other.ChunkSize
            && ChunkOverlap == other.ChunkOverlap
            && PrependFilenameToChunks == other.PrependFilenameToChunks
            && MaxItemsPerChunk == other.MaxItemsPerChunk
            && SetPageAsBoundary == other.SetPageAsBoundary
            && UseOcr == other.UseOcr;

        /// <summary>The options that are not columns of their own, as stored in files.options and sync_roots.options.</summary>
        internal string ExtraToJson() => new StoredExtras
        {
            PrependFilenameToChunks = PrependFilenameToChunks,
            MaxItemsPerChunk = MaxItemsPerChunk,
            SetPageAsBoundary = SetPageAsBoundary,
            UseOcr = UseOcr,
            MaxFileSizeMB = MaxFileSizeMB,
        }.ToJson();

        private static FileSyncOptions FromStored(IReadOnlyDictionary<string, string> tags, int chunkSize, int chunkOverlap, bool skipEmbedding, StoredExtras extras) =>
            new FileSyncOptions
            {
                Tags = tags,
                ChunkSize = chunkSize,
                ChunkOverlap = chunkOverlap,
                SkipEmbeddingGeneration = skipEmbedding,
                PrependFilenameToChunks = extras.PrependFilenameToChunks,
                MaxItemsPerChunk = extras.MaxItemsPerChunk,
                SetPageAsBoundary = extras.SetPageAsBoundary,
                UseOcr = extras.UseOcr,
                MaxFileSizeMB = extras.MaxFileSizeMB <= 0 ? DefaultMaxFileSizeMB : extras.MaxFileSizeMB,
            };

        /// <summary>
        /// Reads stored options (of files, or of buckets and prefixes synced whole). Files synced
        /// together share their tags and extras JSON, so each distinct text is parsed once (a resync
        /// reads every file). Each row still gets options of its own; only the read-only parts
        /// parsed from the JSON are shared.
        /// </summary>
        internal sealed class StoredReader
        {
            private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(System.StringComparer.Ordinal);
            private readonly Dictionary<string, StoredExtras> _extras = new Dictionary<string, StoredExtras>(System.StringComparer.Ordinal);

            public FileSyncOptions Read(string tagsJson, int chunkSize, int chunkOverlap, bool skipEmbedding, string extrasJson)
            {
                if (!_tags.TryGetValue(tagsJson, out var tags))
                {
                    _tags[tagsJson] = tags = Common.Tags.FromJson(tagsJson);
                }

                if (!_extras.TryGetValue(extrasJson, out var extras))
                {
                    _extras[extrasJson] = extras = StoredExtras.FromJson(extrasJson);
                }

                return FromStored(tags, chunkSize, chunkOverlap, skipEmbedding, extras);
            }
        }

        /// <summary>
        /// The stored extras, as JsonSerializer wrote them (same names, order and nulls), written and
        /// read with the JSON writer and document directly: the serializer's reflection path cost a
        /// new process's first file sync or resync some 700 JIT-compiled methods.
        /// </summary>
        internal sealed class StoredExtras
        {
            public static StoredExtras FromJson(string json)
            {
                var extras = new StoredExtras();
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Null)
                {
                    return extras;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var value = property.Value;
                    switch (property.Name)
                    {
                        case nameof(PrependFilenameToChunks): extras.PrependFilenameToChunks = value.GetBoolean(); break;
                        case nameof(MaxItemsPerChunk): extras.MaxItemsPerChunk = value.ValueKind == JsonValueKind.Null ? (int?)null : value.GetInt32(); break;
                        case nameof(SetPageAsBoundary): extras.SetPageAsBoundary = value.GetBoolean(); break;
                        case nameof(UseOcr): extras.UseOcr = value.GetBoolean(); break;
                        case nameof(MaxFileSizeMB): extras.MaxFileSizeMB = value.GetInt32(); break;
                    }
                }

                return extras;
            }

            public string ToJson()
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteBoolean(nameof(PrependFilenameToChunks), PrependFilenameToChunks);
                    if (MaxItemsPerChunk is int maxItems)
                    {
                        writer.WriteNumber(nameof(MaxItemsPerChunk), maxItems);
                    }
                    else
                    {
                        writer.WriteNull(nameof(MaxItemsPerChunk));
                    }

                    writer.WriteBoolean(nameof(SetPageAsBoundary), SetPageAsBoundary);
                    writer.WriteBoolean(nameof(UseOcr), UseOcr);
                    writer.WriteNumber(nameof(MaxFileSizeMB), MaxFileSizeMB);
                    writer.WriteEndObject();
                }

                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }

            public bool PrependFilenameToChunks { get; set; }

            public int? MaxItemsPerChunk { get; set; }

            public bool SetPageAsBoundary { get; set; }

            public bool UseOcr { get; set; }

            public int MaxFileSizeMB { get; set; }
        }
    }
}
