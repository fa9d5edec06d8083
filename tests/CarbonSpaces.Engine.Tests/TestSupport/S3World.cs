using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using Xunit;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// A fresh RGW user with one bucket (optionally seeded with numbered keys), a store, and an
    /// engine connected to that user: each test gets a world no other test can disturb.
    /// </summary>
    public sealed class S3World : IDisposable
    {
        private readonly TempStore _temp;

        private S3World(TempStore temp, CarbonEngine engine, TestCredentialHost host, DataSource source, IAmazonS3 client, string bucket, RequestCounter requests, S3Credentials credentials, string userId)
        {
            Host = host;
            UserId = userId;
            Credentials = credentials;
            _temp = temp;
            Engine = engine;
            Source = source;
            Client = client;
            Bucket = bucket;
            Requests = requests;
        }

        public CarbonEngine Engine { get; }

        /// <summary>The PowerShell session the engine asks for secrets.</summary>
        public TestCredentialHost Host { get; }

        public DataSource Source { get; }

        public IAmazonS3 Client { get; }

        public string Bucket { get; }

        public RequestCounter Requests { get; }

        /// <summary>The RGW user id, for bucket policies.</summary>
        public string UserId { get; }

        /// <summary>The world's own RGW user.</summary>
        public S3Credentials Credentials { get; }

        /// <summary>Another engine over the same store, as a second process would open it, holding the session secret.</summary>
        public CarbonEngine OpenAnotherEngine()
        {
            var host = new TestCredentialHost();
            host.Remember(Source.Endpoint, Credentials);
            return CarbonEngine.Open(StorePath, host);
        }

        public string StorePath => _temp.Path;

        /// <summary>See <see cref="TempStore.Execute"/>.</summary>
        public int ExecuteOnStore(string sql) => _temp.Execute(sql);

        /// <param name="configure">Changes the engine's client settings (listing ranges …).</param>
        /// <param name="endpoint">Where the engine reaches the server (a proxy in front of it); the test's own client goes direct.</param>
        public static async Task<S3World> CreateAsync(int listPageSize = 1000, int objects = 0, SourceProvider? provider = null, Action<S3ClientSettings>? configure = null, string? endpoint = null)
        {
            var user = TestS3.NewUser(out var userId);
            var client = TestS3.ClientFor(user);
            var bucket = TestS3.UniqueBucket("world");
            await TestS3.CreateBucketAsync(client, bucket);
            await TestS3.PutManyAsync(client, bucket, Enumerable.Range(0, objects).Select(i => new KeyValuePair<string, string>($"key-{i:D3}", $"content {i}")));

            var temp = new TempStore();
            var host = new TestCredentialHost();
            var requests = new RequestCounter();
            var settings = requests.Settings();
            settings.ListPageSize = listPageSize;
            configure?.Invoke(settings);
            var engine = temp.Open(host, settings);
            var request = TestS3.ConnectRequest(credentials: user);
            request.Endpoint = endpoint ?? request.Endpoint;
            request.Provider = provider;
            var connected = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);
            return new S3World(temp, engine, host, connected.DataSource, client, bucket, requests, user, userId);
        }

        public Task<ItemSyncResult> SyncAsync(string? bucket = null) =>
            Engine.ItemSync.SyncAsync(Source.Id, bucket, SilentReporter.Instance, CancellationToken.None);

        public async Task AssertStoreMatchesBucketAsync()
        {
            // Folder markers (zero-byte keys ending in "/") are not items.
            var listed = (await Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket })).S3Objects
                .Where(o => !ItemPageWriter.IsDirectoryMarker(o))
                .ToDictionary(o => o.Key, o => (string?)o.ETag);
            var stored = Engine.Items.Query(new ItemQuery { Kind = ItemKind.File, Buckets = new[] { Bucket } })
                .ToDictionary(i => i.Key, i => i.ETag);
            Assert.Equal(listed.OrderBy(p => p.Key, StringComparer.Ordinal), stored.OrderBy(p => p.Key, StringComparer.Ordinal));
        }

        public void Dispose()
        {
            Engine.Dispose();
            Client.Dispose();
            _temp.Dispose();
        }
    }
}
