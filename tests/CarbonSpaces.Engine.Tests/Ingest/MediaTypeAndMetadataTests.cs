using System.IO;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Tests.Ingest.Extraction;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;
using static CarbonSpaces.Engine.Tests.Ingest.Extraction.SampleOfficeDocuments;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class MediaTypeAndMetadataTests
    {
        [Fact]
        public async Task ASyncedDocumentKeepsItsMediaTypeAndMetadataInTheStore()
        {
            using var world = await S3World.CreateAsync();
            using var samples = new SampleFolder();
            var path = samples.Path("plan.docx");
            WriteDocx(path, "Five Year Plan", Paragraph("Grow steadily."));
            await TestS3.PutAsync(world.Client, world.Bucket, "plan.docx", File.ReadAllBytes(path));

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "plan.docx");

            var stored = world.Engine.Files.Get(run.Files["plan.docx"].Id);
            Assert.Equal(FileStatus.Ready, stored.SyncStatus);
            Assert.Equal(MediaTypes.Text, stored.MediaType);
            Assert.Equal("Five Year Plan", stored.Metadata[MetadataKeys.Title]);
        }

        [Theory]
        [InlineData("photo.jpeg", MediaTypes.Image)]
        [InlineData("talk.mp3", MediaTypes.Audio)]
        [InlineData("clip.mkv", MediaTypes.Video)]
        [InlineData("notes.txt", MediaTypes.Text)]
        public async Task AQueuedFileTakesItsMediaTypeFromItsName(string key, string mediaType)
        {
            using var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, key, "not really what the name says");

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), key);

            Assert.Equal(mediaType, world.Engine.Files.Get(run.Files[key].Id).MediaType);
        }
    }
}
