using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>A file built from one version of its object: the chunks to index and the counts to record.</summary>
    public sealed class FileBuild
    {
        public FileBuild(ObjectVersion source, ExtractedDocument document, long characters, long tokens, IReadOnlyList<TextChunk> chunks, FileSyncOptions options)
        {
            Source = source;
            Format = document.Format;
            MediaType = document.MediaType;
            Metadata = document.Metadata;
            Notices = document.Notices;
            Characters = characters;
            Tokens = tokens;
            Chunks = chunks;
            Options = options;
        }

        public ObjectVersion Source { get; }

        public string Format { get; }

        public string MediaType { get; }

        public DocumentMetadata Metadata { get; }

        /// <summary>What the user should know about how the file was read (see <see cref="ExtractedDocument.Notices"/>).</summary>
        public IReadOnlyList<string> Notices { get; }

        public long Characters { get; }

        public long Tokens { get; }

        public IReadOnlyList<TextChunk> Chunks { get; }

        public FileSyncOptions Options { get; }

        /// <summary>One unit vector per chunk, in chunk order; null when the file is stored without embeddings.</summary>
        public System.Collections.Generic.IReadOnlyList<float[]>? Embeddings { get; internal set; }

        /// <summary>The model that made <see cref="Embeddings"/>.</summary>
        public string? EmbeddingModel { get; internal set; }

        /// <summary>What this build holds until the writer takes it (see FileBuilder).</summary>
        internal IDisposable? MemoryHold { get; set; }
    }
}
