using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>An object chosen for sync, with what it was built from and what it became.</summary>
    public sealed class SyncedFile
    {
        public long Id { get; internal set; }

        /// <summary>Null once its data source was disconnected without -RemoveFiles.</summary>
        public long? DataSourceId { get; internal set; }

        public string Name { get; internal set; } = string.Empty;

        public string Bucket { get; internal set; } = string.Empty;

        public string Key { get; internal set; } = string.Empty;

        public string ExternalId => Bucket + "/" + Key;

        public string SyncStatus { get; internal set; } = FileStatus.Queued;

        public string? SyncErrorMessage { get; internal set; }

        public FileSyncOptions Options { get; internal set; } = new FileSyncOptions();

        public string FileFormat { get; internal set; } = string.Empty;

        public string FileMetadata { get; internal set; } = string.Empty;

        public string DataSourceMetadata { get; internal set; } = string.Empty;

        /// <summary>Carbon's media_type: TEXT, IMAGE, AUDIO or VIDEO.</summary>
        public string MediaType { get; internal set; } = Ingest.Extraction.MediaTypes.Text;

        /// <summary>What the file says about itself (File.Metadata), by the names of <see cref="Ingest.Extraction.MetadataKeys"/>.</summary>
        public IReadOnlyDictionary<string, object> Metadata { get; internal set; } = new Dictionary<string, object>();

        public long? Size { get; internal set; }

        public string? ETag { get; internal set; }

        public DateTimeOffset? SourceLastModified { get; internal set; }

        public long Characters { get; internal set; }

        public long Tokens { get; internal set; }

        public int Chunks { get; internal set; }

        public int Embeddings { get; internal set; }

        /// <summary>The model its chunks' vectors are of (Provider/model), null when it has none.</summary>
        public string? EmbeddingModel { get; internal set; }

        public long? SyncRootId { get; internal set; }

        public DateTimeOffset CreatedAt { get; internal set; }

        public DateTimeOffset UpdatedAt { get; internal set; }

        public DateTimeOffset? LastSyncedAt { get; internal set; }

        /// <summary>How messages name this file.</summary>
        public string Subject => $"file {Id} ('{Bucket}/{Key}')";

        public static CarbonSpacesException NotFound(long id) =>
            new CarbonSpacesException(
                "CarbonSpaces.FileNotFound",
                FailureKind.NotFound,
                $"There is no file with id {id} in this store (it may have been removed). List files with Get-CarbonFile.",
                id);
    }
}
