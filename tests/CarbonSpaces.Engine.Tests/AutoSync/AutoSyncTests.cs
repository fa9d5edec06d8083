using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.AutoSync
{
    public sealed class AutoSyncTests
    {
        private const string Customer = "tests@example.com";

        [Fact]
        public async Task OneRunPicksUpAnAddedAChangedAndADeletedObjectAndASecondRunDoesNothing()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "docs/keep.txt", "unchanged text");
            await TestS3.PutAsync(world.Client, world.Bucket, "docs/change.txt", "first version koalafirst");
            await TestS3.PutAsync(world.Client, world.Bucket, "docs/delete.txt", "to be deleted");
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket, "docs/") }, Options = new FileSyncOptions { Tags = new Dictionary<string, string> { ["team"] = "docs" } } },
                _ => { }, SilentReporter.Instance, CancellationToken.None);
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, true, "S3", 24);

            await TestS3.PutAsync(world.Client, world.Bucket, "docs/new.txt", "a new object kangaroonew");
            await TestS3.PutAsync(world.Client, world.Bucket, "docs/change.txt", "second version koalasecond");
            await world.Client.DeleteObjectAsync(world.Bucket, "docs/delete.txt");
            world.Requests.Reset();

            var run = Assert.Single(await RunAsync(world));

            Assert.Equal(1, run.FilesSynced);
            Assert.Equal(1, run.FilesResynced);
            Assert.Equal(1, run.FilesRemoved);
            Assert.Equal(0, run.Errors);
            Assert.Equal(2, world.Requests["GetObject"]);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "kangaroonew" }));
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "koalasecond" }));
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "koalafirst" }));
            var created = Assert.Single(world.Engine.Files.Query(new FileQuery { Keys = new[] { "docs/new.txt" } }));
            Assert.Equal("docs", created.Options.Tags["team"]);
            Assert.Empty(world.Engine.Files.Query(new FileQuery { Keys = new[] { "docs/delete.txt" } }));

            var lookups = world.Host.Lookups;
            await world.SyncAsync();
            var lookupsPerConnection = world.Host.Lookups - lookups;
            world.Requests.Reset();
            lookups = world.Host.Lookups;
            var second = Assert.Single(await RunAsync(world, force: true));

            Assert.Equal(0, second.FilesSynced + second.FilesResynced + second.FilesRemoved + second.Errors);
            Assert.Equal(0, second.ItemsAdded + second.ItemsUpdated + second.ItemsRemoved);
            Assert.Equal(0, world.Requests["GetObject"]);
            Assert.Equal(lookupsPerConnection, world.Host.Lookups - lookups); // nothing to build: no second connection
        }

        [Fact]
        public async Task OnlyDataSourcesThatAreDueRunUnlessForced()
        {
            using var world = await S3World.CreateAsync();
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, true, "S3", 6);

            Assert.Single(await RunAsync(world));
            Assert.Empty(await RunAsync(world));
            Assert.Single(await RunAsync(world, force: true));

            var setting = Assert.Single(world.Engine.AutoSyncSettings.Get(new[] { Customer }));
            Assert.NotNull(setting.LastRunAt);
            Assert.Equal(setting.LastRunAt!.Value.AddHours(6), setting.NextRunAt);
        }

        [Fact]
        public async Task DisabledCustomersAreNotSynced()
        {
            using var world = await S3World.CreateAsync();
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, false, "S3", 24);

            Assert.Empty(await RunAsync(world));
            Assert.False(Assert.Single(world.Engine.AutoSyncSettings.Get()).Enabled);
        }

        [Fact]
        public async Task OverlappingRunsNeverProcessTheSameDataSourceTwice()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, 200).Select(i => new KeyValuePair<string, string>($"o/{i:D3}.txt", $"object {i}")));
            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) } }, _ => { }, SilentReporter.Instance, CancellationToken.None);
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, true, "S3", 24);
            using var other = world.OpenAnotherEngine();

            var first = RunAsync(world);
            var second = Task.Run(async () =>
            {
                var runs = new ConcurrentBag<AutoSyncRun>();
                try
                {
                    await other.AutoSync.RunAsync(null, false, 8, runs.Add, SilentReporter.Instance, CancellationToken.None);
                }
                catch (CarbonSpacesException)
                {
                }

                return runs.ToList();
            });
            var all = (await first).Concat(await second).Where(r => r.Errors == 0).ToList();

            Assert.Single(all);
        }

        [Fact]
        public async Task ASourceWhoseSecretIsNotAvailableIsReportedAndTheOthersGoOn()
        {
            using var world = await S3World.CreateAsync();
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, true, "S3", 24);
            using var unattended = CarbonEngine.Open(world.StorePath, new TestCredentialHost());
            var errors = new ConcurrentBag<CarbonSpacesException>();
            var runs = new List<AutoSyncRun>();

            await unattended.AutoSync.RunAsync(null, false, 8, runs.Add, new CollectingReporter(errors), CancellationToken.None);

            Assert.Equal(1, Assert.Single(runs).Errors);
            Assert.Contains(errors, e => e.ErrorId == "CarbonSpaces.CredentialUnavailable" && e.Message.Contains("-SecretName"));
        }

        [Fact]
        public async Task AnEndpointThatIsDownLosesNothingAndTheNextRunRecovers()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "a.txt", "survives the outage quollsurvive");
            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) } }, _ => { }, SilentReporter.Instance, CancellationToken.None);
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, true, "S3", 24);

            // The same store, seen by a run while the data source's endpoint does not answer.
            RedirectEndpoint(world.StorePath, world.Source.Id, "http://127.0.0.1:9");
            using (var outage = CarbonEngine.Open(world.StorePath, new DownHost(), new S3ClientSettings { MaxErrorRetry = 0, ConnectTimeout = TimeSpan.FromSeconds(1) }))
            {
                var runs = new List<AutoSyncRun>();
                await outage.AutoSync.RunAsync(null, true, 8, runs.Add, SilentReporter.Instance, CancellationToken.None);
                Assert.Equal(1, Assert.Single(runs).Errors);
            }

            RedirectEndpoint(world.StorePath, world.Source.Id, TestS3.Server.Endpoint);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "quollsurvive" }));
            var recovered = Assert.Single(await RunAsync(world, force: true));
            Assert.Equal(0, recovered.Errors);
        }

        [Fact]
        public void SettingsAcceptOneToAHundredCustomersAndNothingChangesOnABadCall()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            var hundred = Enumerable.Range(0, 100).Select(i => $"customer-{i}@example.com").ToList();

            Assert.Equal(100, engine.AutoSyncSettings.Set(hundred, true, "ALL", 12).Count);

            var tooMany = Assert.Throws<CarbonSpacesException>(() => engine.AutoSyncSettings.Set(hundred.Append("one-more").ToList(), false, "S3", 24));
            Assert.Equal("CarbonSpaces.TooManyCustomerIds", tooMany.ErrorId);
            Assert.Equal("CarbonSpaces.EmptyCustomerId", Assert.Throws<CarbonSpacesException>(() => engine.AutoSyncSettings.Set(new[] { "a", " " }, true, "S3", 24)).ErrorId);
            Assert.Equal("CarbonSpaces.UnknownSource", Assert.Throws<CarbonSpacesException>(() => engine.AutoSyncSettings.Set(new[] { "a" }, true, "GDRIVE", 24)).ErrorId);
            Assert.Equal("CarbonSpaces.InvalidInterval", Assert.Throws<CarbonSpacesException>(() => engine.AutoSyncSettings.Set(new[] { "a" }, true, "S3", 5)).ErrorId);
            Assert.All(engine.AutoSyncSettings.Get(), s => Assert.True(s.Enabled && s.IntervalHours == 12 && s.EnabledSources == "ALL"));
            Assert.Equal(100, engine.AutoSyncSettings.Get().Count);
        }

        [Fact]
        public async Task AFileTheUserRemovedIsNotBroughtBackUntilTheObjectIsSyncedAgain()
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "keep.txt", "kept");
            await TestS3.PutAsync(world.Client, world.Bucket, "unwanted.txt", "unwanted text wallabyunwanted");
            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) } }, _ => { }, SilentReporter.Instance, CancellationToken.None);
            var unwanted = Assert.Single(world.Engine.Files.Query(new FileQuery { Keys = new[] { "unwanted.txt" } }));
            world.Engine.FileRemoval.Remove(unwanted.Id);
            world.Engine.AutoSyncSettings.Set(new[] { Customer }, true);

            var run = Assert.Single(await RunAsync(world, force: true));

            Assert.Equal(0, run.FilesSynced);
            Assert.Empty(world.Engine.Search.Search(new SearchQuery { Text = "wallabyunwanted" }));

            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Object(world.Bucket, "unwanted.txt") } }, _ => { }, SilentReporter.Instance, CancellationToken.None);
            var again = Assert.Single(world.Engine.Files.Query(new FileQuery { Keys = new[] { "unwanted.txt" } }));
            Assert.True(again.Id > unwanted.Id, "a removed file's id is never given to another file");
        }

        [Fact]
        public void DisablingKeepsTheSourceAndIntervalForALaterEnable()
        {
            using var temp = new TempStore();
            using var engine = temp.Open();
            engine.AutoSyncSettings.Set(new[] { "Ops@Example.com" }, true, "ALL", 6);

            engine.AutoSyncSettings.Set(new[] { "ops@example.com" }, false);
            var enabledAgain = Assert.Single(engine.AutoSyncSettings.Set(new[] { "OPS@example.com" }, true));

            Assert.Equal("ALL", enabledAgain.EnabledSources);
            Assert.Equal(6, enabledAgain.IntervalHours);
            Assert.Single(engine.AutoSyncSettings.Get());
        }

        private static async Task<List<AutoSyncRun>> RunAsync(S3World world, bool force = false)
        {
            var runs = new List<AutoSyncRun>();
            await world.Engine.AutoSync.RunAsync(null, force, 8, runs.Add, SilentReporter.Instance, CancellationToken.None);
            return runs;
        }

        private static void RedirectEndpoint(string storePath, long dataSourceId, string endpoint)
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE data_sources SET endpoint = $endpoint WHERE id = $id;";
            command.Parameters.AddWithValue("$endpoint", endpoint);
            command.Parameters.AddWithValue("$id", dataSourceId);
            command.ExecuteNonQuery();
        }

        /// <summary>Holds the test user's secret for whatever endpoint the data source now names.</summary>
        private sealed class DownHost : ICredentialHost
        {
            public S3Credentials? GetSessionCredentials(string endpointUrl, string accessKeyId) => new S3Credentials(accessKeyId, "irrelevant-for-a-closed-port");

            public S3Credentials ReadSecret(string secretName, string? vault, string? accessKeyId) => throw new NotSupportedException();
        }
    }
}
