using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;

namespace CarbonSpaces.Engine.Sources
{
    /// <summary>Connects, lists and forgets data sources.</summary>
    public sealed class DataSourceService
    {
        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly S3ClientFactory _clients;
        private readonly CredentialResolver _credentials;
        private readonly S3ClientSettings _settings;

        internal DataSourceService(IStore store, EventLog events, S3ClientFactory clients, CredentialResolver credentials, S3ClientSettings settings)
        {
            _store = store;
            _events = events;
            _clients = clients;
            _credentials = credentials;
            _settings = settings;
        }

        /// <summary>
        /// Verifies the key against the endpoint, then saves the data source, or updates the one
        /// already saved for the same endpoint and key. Nothing is saved when verification fails.
        /// </summary>
        public async Task<ConnectResult> ConnectAsync(ConnectRequest request, IOperationReporter reporter, CancellationToken cancellation)
        {
            var endpoint = S3Endpoint.Parse(request.Endpoint, request.Region, request.Provider);
            var credentials = request.Credentials
                ?? _credentials.Resolve(request.Credential, endpoint.Url, null, endpoint.DisplayName);

            reporter.Verbose($"Verifying access key '{credentials.AccessKeyId}' against {endpoint.DisplayName}.");
            await VerifyAsync(endpoint, credentials, reporter, cancellation).ConfigureAwait(false);

            using var work = _store.BeginWrite();
            var existing = _store.DataSources.FindByKey(endpoint.Url, credentials.AccessKeyId, work);
            var source = existing ?? new DataSource { SyncStatus = DataSourceStatus.Ready };
            source.Name = request.Name ?? existing?.Name ?? endpoint.DisplayName;
            source.CustomerId = request.CustomerId ?? existing?.CustomerId ?? Environment.UserName;
            source.Provider = endpoint.Provider;
            source.Endpoint = endpoint.Url;
            source.Region = endpoint.Region;
            source.AccessKeyId = credentials.AccessKeyId;
            source.Credential = request.Credential;
            source.Tags = request.Tags ?? existing?.Tags ?? Tags.Empty;

            if (existing == null)
            {
                source.Id = _store.DataSources.Insert(work, source);
                _events.Append(work, EventTypes.DataSourceAdded, source.Id, null, $"Connected {endpoint.DisplayName} with key '{credentials.AccessKeyId}'.");
            }
            else
            {
                _store.DataSources.Update(work, source);
                _events.Append(work, EventTypes.DataSourceUpdated, source.Id, null, $"Reconnected {endpoint.DisplayName} with key '{credentials.AccessKeyId}'.");
            }

            work.Commit();
            reporter.Verbose(existing == null ? $"Saved {Describe(source)}." : $"Updated {Describe(source)}.");
            return new ConnectResult(_store.DataSources.Get(source.Id), existing == null, credentials);
        }

        public DataSource Get(long id) => _store.DataSources.Get(id);

        public DataSource? Find(long id) => _store.DataSources.Find(id);

        /// <summary>Data sources matching every filter given; wildcards in names as PowerShell understands them.</summary>
        public IReadOnlyList<DataSource> List(IReadOnlyCollection<long>? ids = null, IReadOnlyCollection<string>? names = null, IReadOnlyCollection<string>? customerIds = null) =>
            _store.DataSources.List(ids, names, customerIds);

        /// <summary>Forgets a data source and its items. Its files stay searchable unless <paramref name="removeFiles"/>.</summary>
        public void Disconnect(long id, bool removeFiles)
        {
            using var work = _store.BeginWrite();
            var source = _store.DataSources.Get(id, work);
            if (removeFiles)
            {
                FileRemoval.RemoveAllOf(_store, _events, id, work);
            }

            _store.DataSources.Delete(work, id);
            _events.Append(work, EventTypes.DataSourceRevoked, id, null, $"Disconnected {Describe(source)}{(removeFiles ? " and removed its files" : string.Empty)}.");
            work.Commit();
        }

        private async Task VerifyAsync(S3Endpoint endpoint, S3Credentials credentials, IOperationReporter reporter, CancellationToken cancellation)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(_settings.VerifyTimeout);
            using var client = _clients.CreateForVerifying(endpoint, credentials);
            try
            {
                await client.ListBucketsAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "AccessDenied")
            {
                // The key is genuine (the signature was accepted) but may not list buckets: keys scoped
                // to one bucket are common. Items sync will name the buckets it cannot read.
                reporter.Warning($"Access key '{credentials.AccessKeyId}' is valid for {endpoint.DisplayName} but may not list buckets; Sync-CarbonItem will need -Bucket.");
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                throw S3Failures.Translate(ex, endpoint, credentials.AccessKeyId, endpoint.DisplayName, cancellation);
            }
        }

        private static string Describe(DataSource source) => $"data source {source.Id} '{source.Name}' ({source.DataSourceMetadata}, {source.ParsedEndpoint.DisplayName})";
    }
}
