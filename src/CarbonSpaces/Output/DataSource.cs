using System;
using System.Collections;
using EngineSources = CarbonSpaces.Engine.Sources;

namespace CarbonSpaces
{
    /// <summary>A saved endpoint + access key. Never carries the secret, only where it comes from.</summary>
    public sealed class DataSource
    {
        internal DataSource(EngineSources.DataSource source)
        {
            Id = source.Id;
            Name = source.Name;
            CustomerId = source.CustomerId;
            DataSourceMetadata = source.DataSourceMetadata;
            SourceType = EngineSources.SourceLabels.SourceType;
            Endpoint = source.ParsedEndpoint.IsAmazon ? source.ParsedEndpoint.DisplayName : source.Endpoint;
            Region = source.Region;
            AccessKeyId = source.AccessKeyId;
            CredentialSource = source.Credential.ToString();
            Tags = TagTable.From(source.Tags);
            CreatedAt = source.CreatedAt;
            UpdatedAt = source.UpdatedAt;
            ItemsSyncedAt = source.ItemsSyncedAt;
            SyncStatus = source.SyncStatus;
            SyncErrorMessage = source.SyncErrorMessage;
        }

        public long Id { get; }

        public string Name { get; }

        public string CustomerId { get; }

        /// <summary>"S3" or "DigitalOcean Space".</summary>
        public string DataSourceMetadata { get; }

        /// <summary>Always "S3": Carbon's source type for Amazon S3 and Spaces alike.</summary>
        public string SourceType { get; }

        public string Endpoint { get; }

        public string Region { get; }

        public string AccessKeyId { get; }

        /// <summary>Where the secret comes from: Session, Environment, Profile:name, SecretManagement:name[@vault].</summary>
        public string CredentialSource { get; }

        public Hashtable Tags { get; }

        public DateTimeOffset CreatedAt { get; }

        public DateTimeOffset UpdatedAt { get; }

        public DateTimeOffset? ItemsSyncedAt { get; }

        public string SyncStatus { get; }

        public string? SyncErrorMessage { get; }
    }
}
