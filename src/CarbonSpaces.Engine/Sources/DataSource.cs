using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Sources
{
    /// <summary>One endpoint + access key, as saved in the store. Holds where the secret comes from, never the secret.</summary>
    public sealed class DataSource
    {
        public long Id { get; internal set; }

        public string Name { get; internal set; } = string.Empty;

        public string CustomerId { get; internal set; } = string.Empty;

        public SourceProvider Provider { get; internal set; }

        public string DataSourceMetadata => SourceLabels.DataSourceMetadata(Provider);

        public string FileMetadata => SourceLabels.FileMetadata(Provider);

        public string BucketMetadata => SourceLabels.BucketMetadata(Provider);

        /// <summary>The normalised endpoint URL; empty for Amazon S3 itself.</summary>
        public string Endpoint { get; internal set; } = string.Empty;

        public string Region { get; internal set; } = string.Empty;

        public string AccessKeyId { get; internal set; } = string.Empty;

        public CredentialReference Credential { get; internal set; } = new CredentialReference(CredentialSource.Session);

        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = Common.Tags.Empty;

        public DateTimeOffset CreatedAt { get; internal set; }

        public DateTimeOffset UpdatedAt { get; internal set; }

        public DateTimeOffset? ItemsSyncedAt { get; internal set; }

        public string SyncStatus { get; internal set; } = DataSourceStatus.Ready;

        public string? SyncErrorMessage { get; internal set; }

        public S3Endpoint ParsedEndpoint => S3Endpoint.Parse(Endpoint.Length == 0 ? null : Endpoint, Region, Provider);

        /// <summary>How messages name this data source.</summary>
        public string Subject => $"data source {Id} ('{Name}')";

        internal static CarbonSpacesException NotFound(long id) =>
            new CarbonSpacesException(
                "CarbonSpaces.DataSourceNotFound",
                FailureKind.NotFound,
                $"There is no data source with id {id} in this store. List them with Get-CarbonDataSource, or connect one with Connect-CarbonSpace.",
                id);
    }

    public static class DataSourceStatus
    {
        public const string Ready = "READY";
        public const string Syncing = "SYNCING";
        public const string SyncError = "SYNC_ERROR";
    }
}
