using System;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Items
{
    public enum ItemKind
    {
        Bucket = 0,
        File = 1,
    }

    /// <summary>A bucket or an object as items sync last saw it.</summary>
    public sealed class Item
    {
        public long Id { get; internal set; }

        public long DataSourceId { get; internal set; }

        public ItemKind Kind { get; internal set; }

        public string Bucket { get; internal set; } = string.Empty;

        /// <summary>The object key; empty for a bucket.</summary>
        public string Key { get; internal set; } = string.Empty;

        /// <summary>The last segment of the key (the bucket name for a bucket).</summary>
        public string Name { get; internal set; } = string.Empty;

        /// <summary>"bucket/key" for an object, "bucket" for a bucket: unique within a data source.</summary>
        public string ExternalId => Kind == ItemKind.Bucket ? Bucket : Bucket + "/" + Key;

        public long? ParentId { get; internal set; }

        public long? Size { get; internal set; }

        public string? ETag { get; internal set; }

        public DateTimeOffset? LastModified { get; internal set; }

        /// <summary>Upper-case extension without the dot (PDF, DOCX …); empty when the key has none.</summary>
        public string FileFormat { get; internal set; } = string.Empty;

        public string FileMetadata { get; internal set; } = string.Empty;

        public string DataSourceMetadata { get; internal set; } = string.Empty;

        /// <summary>The synced file made from this object, if any.</summary>
        public long? FileId { get; internal set; }

        public static CarbonSpacesException NotFound(long id) =>
            new CarbonSpacesException(
                "CarbonSpaces.ItemNotFound",
                FailureKind.NotFound,
                $"There is no item with id {id} in this store (items sync may have removed it). List items with Get-CarbonItem, or load them with Sync-CarbonItem.",
                id);

        public static string NameOf(string key)
        {
            var trimmed = key.TrimEnd('/');
            var slash = trimmed.LastIndexOf('/');
            return slash < 0 ? trimmed : trimmed.Substring(slash + 1);
        }
    }
}
