using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    public sealed class ItemSyncTests : IClassFixture<ItemCorpus>
    {
        private readonly ItemCorpus _corpus;

        public ItemSyncTests(ItemCorpus corpus)
        {
            _corpus = corpus;
        }

        [Fact]
        public async Task EveryBucketAndObjectIsLoadedAcrossManyPages()
        {
            using var temp = new TempStore();
            var (engine, source) = await ConnectAsync(temp);
            using (engine)
            {
                var result = await engine.ItemSync.SyncAsync(source.Id, null, SilentReporter.Instance, CancellationToken.None);

                Assert.Equal(1, result.Buckets);
                Assert.Equal(_corpus.FileCount, result.Objects);
                Assert.Equal(_corpus.FileCount + 1, result.Added);
                Assert.Equal(0, result.Updated);
                Assert.Equal(0, result.Removed);

                var bucket = Assert.Single(engine.Items.Query(new ItemQuery { Kind = ItemKind.Bucket }));
                Assert.Equal(_corpus.Bucket, bucket.Name);
                Assert.Equal("S3 Bucket", bucket.FileMetadata);
                var files = engine.Items.Query(new ItemQuery { Kind = ItemKind.File });
                Assert.Equal(_corpus.FileCount, files.Count);
                Assert.All(files, f => Assert.Equal(bucket.Id, f.ParentId));
                Assert.All(files, f => Assert.Equal("S3 File", f.FileMetadata));
                Assert.All(ItemCorpus.SpecialKeys, key => Assert.Contains(files, f => f.Key == key));
                Assert.NotNull(engine.DataSources.Get(source.Id).ItemsSyncedAt);
            }
        }

        [Fact]
        public async Task ASecondSyncOfAnUnchangedBucketChangesNothingAndDownloadsNothing()
        {
            using var temp = new TempStore();
            var requests = new RequestCounter();
            var (engine, source) = await ConnectAsync(temp, requests);
            using (engine)
            {
                await engine.ItemSync.SyncAsync(source.Id, null, SilentReporter.Instance, CancellationToken.None);
                requests.Reset();

                var again = await engine.ItemSync.SyncAsync(source.Id, null, SilentReporter.Instance, CancellationToken.None);

                Assert.Equal(_corpus.FileCount, again.Objects);
                Assert.Equal(0, again.Added);
                Assert.Equal(0, again.Updated);
                Assert.Equal(0, again.Removed);
                Assert.Equal(0, requests["GetObject"]);
                Assert.Equal(0, requests["HeadObject"]);
                Assert.True(requests["ListObjectsV2"] >= _corpus.FileCount / 1000);
            }
        }

        [Fact]
        public async Task FolderMarkersAreNotFiles()
        {
            using var temp = new TempStore();
            var (engine, source) = await ConnectAsync(temp);
            using (engine)
            {
                await engine.ItemSync.SyncAsync(source.Id, null, SilentReporter.Instance, CancellationToken.None);

                var keys = engine.Items.Query(new ItemQuery { Kind = ItemKind.File }).Select(i => i.Key).ToList();
                Assert.DoesNotContain(keys, k => k.EndsWith("/"));
            }
        }

        [Fact]
        public async Task SpacesDataSourcesLabelTheirItemsAsDigitalOcean()
        {
            using var temp = new TempStore();
            var (engine, source) = await ConnectAsync(temp, provider: SourceProvider.DigitalOcean);
            using (engine)
            {
                await engine.ItemSync.SyncAsync(source.Id, _corpus.Bucket, SilentReporter.Instance, CancellationToken.None);

                var items = engine.Items.Query(new ItemQuery { First = 50, OrderBy = ItemOrder.Id });
                Assert.Contains(items, i => i.Kind == ItemKind.Bucket && i.FileMetadata == "DigitalOcean Space Bucket");
                Assert.Contains(items, i => i.Kind == ItemKind.File && i.FileMetadata == "DigitalOcean Space File");
                Assert.All(items, i => Assert.Equal("DigitalOcean Space", i.DataSourceMetadata));
            }
        }

        [Fact]
        public async Task ABucketThatDoesNotExistIsReportedAndNothingIsSaved()
        {
            using var temp = new TempStore();
            var (engine, source) = await ConnectAsync(temp);
            using (engine)
            {
                var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.ItemSync.SyncAsync(source.Id, "no-such-bucket-here", SilentReporter.Instance, CancellationToken.None));

                Assert.Equal("CarbonSpaces.BucketNotFound", error.ErrorId);
                Assert.Contains("no-such-bucket-here", error.Message);
                Assert.Empty(engine.Items.Query(new ItemQuery()));
            }
        }

        private async Task<(CarbonEngine Engine, DataSource Source)> ConnectAsync(TempStore temp, RequestCounter? requests = null, SourceProvider? provider = null)
        {
            var host = new TestCredentialHost();
            var engine = temp.Open(host, requests?.Settings());
            var request = TestS3.ConnectRequest(credentials: _corpus.User);
            request.Provider = provider;
            var connected = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);
            return (engine, connected.DataSource);
        }
    }
}
