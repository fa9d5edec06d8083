using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>IDataSourceStore on each backend: the same calls, the same answers.</summary>
    public sealed class DataSourceStoreTests
    {
        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ASavedDataSourceIsFoundByIdAndKeyUpdatedAndDeleted(string backend)
        {
            using var store = BackendStores.Open(backend);
            var sources = store.Store.DataSources;
            var source = NewSource("Production", "Contoso", "https://s3.example.test", "AKIA1");
            source.Credential = new CredentialReference(CredentialSource.SecretManagement, "s3-secret", "RunbookVault");
            source.Tags = new Dictionary<string, string> { ["team"] = "ops" };

            using (var work = store.BeginWrite())
            {
                source.Id = sources.Insert(work, source);
                Assert.Equal("Production", sources.Find(source.Id, work)!.Name);
                work.Commit();
            }

            var saved = sources.Get(source.Id);
            Assert.Equal(("Production", "Contoso", "https://s3.example.test", "us-east-1", "AKIA1"), (saved.Name, saved.CustomerId, saved.Endpoint, saved.Region, saved.AccessKeyId));
            Assert.Equal((CredentialSource.SecretManagement, "s3-secret", "RunbookVault"), (saved.Credential.Source, saved.Credential.Name, saved.Credential.Vault));
            Assert.Equal("ops", saved.Tags["team"]);
            Assert.Equal(DataSourceStatus.Ready, saved.SyncStatus);
            Assert.Null(saved.ItemsSyncedAt);
            Assert.Equal(saved.CreatedAt, saved.UpdatedAt);
            Assert.Equal(source.Id, sources.FindByKey("https://s3.example.test", "AKIA1")!.Id);
            Assert.Null(sources.FindByKey("https://s3.example.test", "akia1"));

            saved.Name = "Renamed";
            saved.Credential = new CredentialReference(CredentialSource.Environment, "S3_SECRET");
            using (var work = store.BeginWrite())
            {
                sources.Update(work, saved);
                work.Commit();
            }

            var updated = sources.Get(source.Id);
            Assert.Equal(("Renamed", CredentialSource.Environment, "S3_SECRET", (string?)null), (updated.Name, updated.Credential.Source, updated.Credential.Name, updated.Credential.Vault));

            using (var work = store.BeginWrite())
            {
                sources.Delete(work, source.Id);
                work.Commit();
            }

            Assert.Null(sources.Find(source.Id));
            var missing = Assert.Throws<CarbonSpacesException>(() => sources.Get(source.Id));
            Assert.Equal("CarbonSpaces.DataSourceNotFound", missing.ErrorId);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void ListFiltersByIdWildcardNameAndCustomerWithoutRegardToCaseInIdOrder(string backend)
        {
            using var store = BackendStores.Open(backend);
            var sources = store.Store.DataSources;
            var ids = new List<long>();
            using (var work = store.BeginWrite())
            {
                foreach (var (name, customer) in new[] { ("Prod-East", "Contoso"), ("prod-west", "contoso"), ("Test [1]", "Fabrikam"), ("Backup*", "Fabrikam") })
                {
                    ids.Add(sources.Insert(work, NewSource(name, customer, "https://s3.example.test", "KEY" + ids.Count)));
                }

                work.Commit();
            }

            Assert.Equal(ids, sources.List().Select(s => s.Id));
            Assert.Equal(new[] { ids[1], ids[3] }, sources.List(ids: new[] { ids[3], ids[1], 999_999L }).Select(s => s.Id));
            Assert.Equal(new[] { "Prod-East", "prod-west" }, sources.List(names: new[] { "PROD*" }).Select(s => s.Name));
            Assert.Equal(new[] { "prod-west" }, sources.List(names: new[] { "prod-[uvw]est" }).Select(s => s.Name));
            Assert.Equal(new[] { "Test [1]", "Backup*" }, sources.List(names: new[] { "test `[1`]", "backup`*" }).Select(s => s.Name));
            Assert.Equal(new[] { "Prod-East" }, sources.List(names: new[] { "?rod-east" }).Select(s => s.Name));
            Assert.Empty(sources.List(names: new[] { "Prod" }));
            Assert.Equal(new[] { ids[0], ids[1] }, sources.List(customerIds: new[] { "CONTOSO" }).Select(s => s.Id));
            Assert.Equal(new[] { ids[1] }, sources.List(names: new[] { "*west" }, customerIds: new[] { "contoso", "Fabrikam" }).Select(s => s.Id));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void SetSyncStateKeepsTheLastListingTimeWhenGivenNone(string backend)
        {
            using var store = BackendStores.Open(backend);
            var sources = store.Store.DataSources;
            long id;
            using (var work = store.BeginWrite())
            {
                id = sources.Insert(work, NewSource("Production", "Contoso", "https://s3.example.test", "AKIA1"));
                work.Commit();
            }

            var listed = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123);
            sources.SetSyncState(null, id, DataSourceStatus.Syncing, null, listed);
            sources.SetSyncState(null, id, DataSourceStatus.SyncError, "Access denied.", null);
            var failed = sources.Get(id);
            Assert.Equal((DataSourceStatus.SyncError, "Access denied.", (DateTimeOffset?)listed), (failed.SyncStatus, failed.SyncErrorMessage, failed.ItemsSyncedAt));

            using (var work = store.BeginWrite())
            {
                sources.SetSyncState(work, id, DataSourceStatus.Ready, null, null);
            }

            Assert.Equal(DataSourceStatus.SyncError, sources.Get(id).SyncStatus);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task TwoStoresConnectingOneEndpointAndKeyAtOnceSaveOneDataSource(string backend)
        {
            using var first = BackendStores.Open(backend);
            using var second = first.OpenAnother();
            using var start = new Barrier(2);
            var connects = new[] { first, second }.Select((store, i) => Task.Factory.StartNew(() =>
            {
                // as DataSourceService.ConnectAsync does: find the saved one in the write, else insert
                var sources = store.Store.DataSources;
                start.SignalAndWait();
                using var work = store.BeginWrite();
                var existing = sources.FindByKey("https://s3.example.test", "AKIA1", work);
                Thread.Sleep(100);
                var source = existing ?? NewSource("Connect " + i, "Contoso", "https://s3.example.test", "AKIA1");
                if (existing == null)
                {
                    source.Id = sources.Insert(work, source);
                }
                else
                {
                    sources.Update(work, source);
                }

                work.Commit();
                return source.Id;
            }, TaskCreationOptions.LongRunning)).ToArray();

            var ids = await Task.WhenAll(connects);
            var saved = Assert.Single(first.Store.DataSources.List());
            Assert.All(ids, id => Assert.Equal(saved.Id, id));
        }

        internal static DataSource NewSource(string name, string customer, string endpoint, string accessKey) => new DataSource
        {
            Name = name,
            CustomerId = customer,
            Provider = SourceProvider.S3,
            Endpoint = endpoint,
            Region = "us-east-1",
            AccessKeyId = accessKey,
            SyncStatus = DataSourceStatus.Ready,
        };
    }
}
