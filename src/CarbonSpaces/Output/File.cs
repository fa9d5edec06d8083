using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using EngineFiles = CarbonSpaces.Engine.Files;

namespace CarbonSpaces
{
    /// <summary>An object synced into the store: its status, options, source version and counts.</summary>
    public sealed class File
    {
        internal File(EngineFiles.SyncedFile file)
        {
            Id = file.Id;
            DataSourceId = file.DataSourceId;
            Name = file.Name;
            Bucket = file.Bucket;
            Key = file.Key;
            ExternalId = file.ExternalId;
            SyncStatus = file.SyncStatus;
            SyncErrorMessage = file.SyncErrorMessage;
            Tags = TagTable.From(file.Options.Tags);
            ChunkSize = file.Options.ChunkSize;
            ChunkOverlap = file.Options.ChunkOverlap;
            SkipEmbeddingGeneration = file.Options.SkipEmbeddingGeneration;
            PrependFilenameToChunks = file.Options.PrependFilenameToChunks;
            MaxItemsPerChunk = file.Options.MaxItemsPerChunk;
            SetPageAsBoundary = file.Options.SetPageAsBoundary;
            UseOcr = file.Options.UseOcr;
            FileFormat = file.FileFormat;
            FileMetadata = file.FileMetadata;
            DataSourceMetadata = file.DataSourceMetadata;
            MediaType = file.MediaType;
            Metadata = new ReadOnlyDictionary<string, object>(file.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase));
            Size = file.Size;
            ETag = file.ETag;
            SourceLastModified = file.SourceLastModified;
            Characters = file.Characters;
            Tokens = file.Tokens;
            Chunks = file.Chunks;
            Embeddings = file.Embeddings;
            EmbeddingModel = file.EmbeddingModel;
            CreatedAt = file.CreatedAt;
            UpdatedAt = file.UpdatedAt;
            LastSyncedAt = file.LastSyncedAt;
        }

        public long Id { get; }

        /// <summary>Null once the data source was disconnected without -RemoveFiles.</summary>
        public long? DataSourceId { get; }

        public string Name { get; }

        public string Bucket { get; }

        public string Key { get; }

        public string ExternalId { get; }

        /// <summary>QUEUED_FOR_SYNC, SYNCING, READY, SYNC_ERROR, EVALUATING_RESYNC or RATE_LIMITED.</summary>
        public string SyncStatus { get; }

        public string? SyncErrorMessage { get; }

        public Hashtable Tags { get; }

        public int ChunkSize { get; }

        public int ChunkOverlap { get; }

        public bool SkipEmbeddingGeneration { get; }

        public bool PrependFilenameToChunks { get; }

        public int? MaxItemsPerChunk { get; }

        public bool SetPageAsBoundary { get; }

        public bool UseOcr { get; }

        public string FileFormat { get; }

        public string FileMetadata { get; }

        public string DataSourceMetadata { get; }

        /// <summary>Carbon's media_type: TEXT, IMAGE, AUDIO or VIDEO.</summary>
        public string MediaType { get; }

        /// <summary>
        /// What the file says about itself, where its format has it: PageCount, Title, Author,
        /// CreatedAt (PDF, Office); Width, Height, Camera, TakenAt, Latitude, Longitude (images);
        /// DurationSeconds, AudioCodec, SampleRate, Channels, Title, Artist, and for video
        /// VideoCodec, Width, Height; From, To, Subject, SentAt, Attachments (e-mail).
        /// </summary>
        public IReadOnlyDictionary<string, object> Metadata { get; }

        public long? Size { get; }

        public string? ETag { get; }

        public DateTimeOffset? SourceLastModified { get; }

        public long Characters { get; }

        public long Tokens { get; }

        public int Chunks { get; }

        public int Embeddings { get; }

        /// <summary>The model of its chunks' vectors (Provider/model); search uses only vectors of the store's current model.</summary>
        public string? EmbeddingModel { get; }

        public DateTimeOffset CreatedAt { get; }

        public DateTimeOffset UpdatedAt { get; }

        public DateTimeOffset? LastSyncedAt { get; }
    }
}
