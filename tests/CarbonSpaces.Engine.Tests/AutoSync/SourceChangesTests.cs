using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.AutoSync
{
    public sealed class SourceChangesTests
    {
        [Fact]
        public async Task AFileIsGoneOnlyWhereItsBucketWasListedToTheEndAndAnUnfinishedFileIsRebuiltThoughItsObjectIsUnchanged()
        {
            using var world = await S3World.CreateAsync();
            foreach (var key in new[] { "kept.txt", "unfinished.txt", "deleted.txt" })
            {
                await TestS3.PutAsync(world.Client, world.Bucket, key, "some text for " + key);
            }

            await world.Engine.FileSync.SyncAsync(new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) } }, _ => { }, SilentReporter.Instance, CancellationToken.None);
            await world.Client.DeleteObjectAsync(world.Bucket, "deleted.txt");
            await world.SyncAsync();
            world.ExecuteOnStore($"UPDATE files SET sync_status = '{FileStatus.EvaluatingResync}' WHERE key = 'unfinished.txt';");
            var ids = world.Engine.Files.Query(new FileQuery()).ToDictionary(f => f.Key, f => f.Id);
            var changes = new SourceChanges(world.Engine.Store, world.Engine.Store.Files);

            var listedToTheEnd = changes.Compare(world.Source.Id, new[] { world.Bucket });
            var listedInPart = changes.Compare(world.Source.Id, System.Array.Empty<string>());

            Assert.Equal(new[] { ids["deleted.txt"] }, listedToTheEnd.Gone);
            Assert.Empty(listedInPart.Gone);
            foreach (var (changed, _) in new[] { listedToTheEnd, listedInPart })
            {
                var job = Assert.Single(changed);
                Assert.Equal(ids["unfinished.txt"], job.FileId);
                Assert.Equal("unfinished.txt", job.Key);
            }
        }
    }
}
