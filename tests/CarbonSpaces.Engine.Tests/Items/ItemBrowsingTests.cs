using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    /// <summary>Get-CarbonItem's filters, order and paging over a small, known bucket.</summary>
    public sealed class ItemBrowsingTests : IAsyncLifetime
    {
        private static readonly string[] Keys =
        {
            "reports/2026/q3/Summary.pdf", "reports/2026/q3/figures.xlsx", "reports/2026/q4/summary.pdf",
            "reports/2025/summary.PDF", "notes/todo.txt", "notes/ideas.md", "readme.txt", "notes/Über-uns.md",
        };

        private readonly TempStore _temp = new TempStore();
        private CarbonEngine _engine = null!;
        private long _sourceId;
        private string _bucket = TestS3.UniqueBucket("browse");

        public async Task InitializeAsync()
        {
            var user = TestS3.NewUser();
            using (var client = TestS3.ClientFor(user))
            {
                await TestS3.CreateBucketAsync(client, _bucket);
                await TestS3.PutManyAsync(client, _bucket, Keys.Select((k, i) => new KeyValuePair<string, string>(k, new string('x', (i + 1) * 10))));
            }

            var host = new TestCredentialHost();
            _engine = _temp.Open(host);
            var connected = await _engine.DataSources.ConnectAsync(TestS3.ConnectRequest(credentials: user), SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);
            _sourceId = connected.DataSource.Id;
            await _engine.ItemSync.SyncAsync(_sourceId, null, SilentReporter.Instance, CancellationToken.None);
        }

        public Task DisposeAsync()
        {
            _engine.Dispose();
            _temp.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public void APrefixKeepsOnlyKeysUnderIt()
        {
            var keys = Query(new ItemQuery { Prefix = "reports/2026/", OrderBy = ItemOrder.Key }).Select(i => i.Key);

            Assert.Equal(new[] { "reports/2026/q3/Summary.pdf", "reports/2026/q3/figures.xlsx", "reports/2026/q4/summary.pdf" }, keys);
        }

        [Fact]
        public void NameWildcardsMatchWithoutRegardToCase()
        {
            var names = Query(new ItemQuery { Names = new[] { "summary.*" }, OrderBy = ItemOrder.Key }).Select(i => i.Key);

            Assert.Equal(new[] { "reports/2025/summary.PDF", "reports/2026/q3/Summary.pdf", "reports/2026/q4/summary.pdf" }, names);
            Assert.Equal(2, Query(new ItemQuery { Names = new[] { "*.txt" } }).Count);
            Assert.Single(Query(new ItemQuery { Names = new[] { "ide?s.md" } }));
            Assert.Single(Query(new ItemQuery { Names = new[] { "readme.txt" } }));
            Assert.Single(Query(new ItemQuery { Names = new[] { "über*" } }));
            Assert.Single(Query(new ItemQuery { Names = new[] { "ÜBER-UNS.MD" } }));
        }

        [Fact]
        public void PrefixAndNameCombine()
        {
            var items = Query(new ItemQuery { Prefix = "reports/2026/", Names = new[] { "*.pdf" } });

            Assert.Equal(2, items.Count);
        }

        [Fact]
        public void KindFormatAndParentFilterItems()
        {
            var bucket = Assert.Single(Query(new ItemQuery { Kind = ItemKind.Bucket }));
            Assert.Equal(Keys.Length, Query(new ItemQuery { ParentIds = new[] { bucket.Id } }).Count);
            Assert.Equal(3, Query(new ItemQuery { FileFormats = new[] { "pdf" } }).Count);
            Assert.Equal(2, Query(new ItemQuery { FileFormats = new[] { ".TXT" } }).Count);
            Assert.Equal(Keys.Length, Query(new ItemQuery { Kind = ItemKind.File }).Count);
        }

        [Fact]
        public void ItemsAreOrderedAndPaged()
        {
            var bySize = Query(new ItemQuery { Kind = ItemKind.File, OrderBy = ItemOrder.Size, Descending = true }).Select(i => i.Size).ToList();
            Assert.Equal(bySize.OrderByDescending(s => s), bySize);

            var all = Query(new ItemQuery { Kind = ItemKind.File, OrderBy = ItemOrder.Name });
            var page = Query(new ItemQuery { Kind = ItemKind.File, OrderBy = ItemOrder.Name, Skip = 2, First = 3 });
            Assert.Equal(all.Skip(2).Take(3).Select(i => i.Id), page.Select(i => i.Id));
            Assert.Equal(Keys.Length, _engine.Items.Count(new ItemQuery { Kind = ItemKind.File, First = 1 }));
        }

        [Fact]
        public void ItemsCarryWhatTheListingSaid()
        {
            var item = Assert.Single(Query(new ItemQuery { Prefix = "notes/todo" }));

            Assert.Equal("todo.txt", item.Name);
            Assert.Equal("TXT", item.FileFormat);
            Assert.Equal(_bucket + "/notes/todo.txt", item.ExternalId);
            Assert.Equal(50, item.Size);
            Assert.False(string.IsNullOrEmpty(item.ETag));
            Assert.NotNull(item.LastModified);
            Assert.Null(item.FileId);
        }

        private IReadOnlyList<Item> Query(ItemQuery query)
        {
            query.DataSourceIds = new[] { _sourceId };
            return _engine.Items.Query(query);
        }
    }
}
