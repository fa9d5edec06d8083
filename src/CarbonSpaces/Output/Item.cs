using System;
using EngineItems = CarbonSpaces.Engine.Items;

namespace CarbonSpaces
{
    /// <summary>A bucket or an object as items sync last saw it.</summary>
    public sealed class Item
    {
        internal Item(EngineItems.Item item)
        {
            Id = item.Id;
            DataSourceId = item.DataSourceId;
            Kind = item.Kind.ToString();
            Bucket = item.Bucket;
            Key = item.Key;
            Name = item.Name;
            ExternalId = item.ExternalId;
            ParentId = item.ParentId;
            Size = item.Size;
            ETag = item.ETag;
            LastModified = item.LastModified;
            FileFormat = item.FileFormat;
            FileMetadata = item.FileMetadata;
            DataSourceMetadata = item.DataSourceMetadata;
            FileId = item.FileId;
        }

        public long Id { get; }

        public long DataSourceId { get; }

        /// <summary>"Bucket" or "File".</summary>
        public string Kind { get; }

        public string Bucket { get; }

        /// <summary>The object key; empty for a bucket.</summary>
        public string Key { get; }

        public string Name { get; }

        public string ExternalId { get; }

        public long? ParentId { get; }

        public long? Size { get; }

        public string? ETag { get; }

        public DateTimeOffset? LastModified { get; }

        public string FileFormat { get; }

        /// <summary>"S3 File", "DigitalOcean Space File", "S3 Bucket" or "DigitalOcean Space Bucket".</summary>
        public string FileMetadata { get; }

        public string DataSourceMetadata { get; }

        /// <summary>The synced file made from this object, if any.</summary>
        public long? FileId { get; }
    }
}
