using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Engine.Tests.Ingest.Extraction;
using CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class TranscriptionSyncTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();
        private readonly FakeTranscriptionServer _service = new FakeTranscriptionServer();

        public void Dispose()
        {
            _service.Dispose();
            _samples.Dispose();
        }

        [Fact]
        public async Task ASyncedRecordingIsFoundByWhatWasSaidAndItsChunksCarryTheirTimes()
        {
            using var world = await S3World.CreateAsync();
            world.Engine.Transcription.Set(new TranscriptionSettings { Endpoint = _service.Endpoint, Model = "whisper-1" });
            _service.Segments = new[] { (0.5, 1.5, "Budget review"), (1.5, 2.4, "zebracrossing approved") };
            await PutSpeechAsync(world, "calls/monday.mp3");

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "calls/monday.mp3");

            var file = world.Engine.Files.Get(run.Files["calls/monday.mp3"].Id);
            Assert.True(file.SyncStatus == FileStatus.Ready, file.SyncErrorMessage);
            Assert.Equal(MediaTypes.Audio, file.MediaType);
            Assert.Equal("mp3", file.Metadata[MetadataKeys.AudioCodec]);
            var chunk = Assert.Single(world.Engine.Chunks.ForFile(file.Id));
            Assert.Equal(TimeSpan.FromSeconds(0.5), chunk.StartTime);
            Assert.Equal(TimeSpan.FromSeconds(2.4), chunk.EndTime);
            Assert.Equal("calls/monday.mp3", Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "zebracrossing" })).Key);
        }

        [Fact]
        public async Task WithoutAServiceARecordingIsASyncErrorThatNamesTheCmdletAndStillHasItsMetadata()
        {
            using var world = await S3World.CreateAsync();
            await PutSpeechAsync(world, "calls/tuesday.mp3");

            var run = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "calls/tuesday.mp3");

            var file = world.Engine.Files.Get(run.Files["calls/tuesday.mp3"].Id);
            Assert.Equal(FileStatus.SyncError, file.SyncStatus);
            Assert.Contains("Set-CarbonTranscriptionService", file.SyncErrorMessage);
            Assert.Equal(TranscriptionErrors.NotConfigured, Assert.Single(run.Errors).ErrorId);
            Assert.Equal(MediaTypes.Audio, file.MediaType);
            Assert.InRange((double)file.Metadata[MetadataKeys.DurationSeconds], 1, 5);
        }

        [Fact]
        public async Task AServiceThatStaysDownLeavesASyncErrorAndTheNextSyncFinishesTheFile()
        {
            using var world = await S3World.CreateAsync();
            world.Engine.Transcription.Set(new TranscriptionSettings { Endpoint = _service.Endpoint, Model = "whisper-1" });
            await PutSpeechAsync(world, "calls/wednesday.mp3");
            _service.AnswerAlways(HttpStatusCode.BadGateway);

            var failed = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "calls/wednesday.mp3");
            _service.Recover();
            _service.Segments = new[] { (0.0, 2.0, "recovered words") };
            var again = await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "calls/wednesday.mp3");

            Assert.Equal(FileStatus.SyncError, failed.Files["calls/wednesday.mp3"].SyncStatus);
            Assert.Equal(TranscriptionErrors.Unavailable, Assert.Single(failed.Errors).ErrorId);
            Assert.Equal(FileStatus.Ready, again.Files["calls/wednesday.mp3"].SyncStatus);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "recovered" }));
        }

        [Fact]
        public async Task OnceAServiceIsSetAResyncOfTheUnchangedRecordingFinishesIt()
        {
            using var world = await S3World.CreateAsync();
            await PutSpeechAsync(world, "calls/friday.mp3");
            SyncedFile? failed = null;

            // A whole bucket: the listing tells which version failed, which a damaged object would keep.
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, Options = new FileSyncOptions() },
                file => failed = file,
                Common.SilentReporter.Instance,
                System.Threading.CancellationToken.None);
            world.Engine.Transcription.Set(new TranscriptionSettings { Endpoint = _service.Endpoint, Model = "whisper-1" });
            _service.Segments = new[] { (0.0, 2.0, "friday words") };

            await world.Engine.Resync.ResyncAsync(new[] { failed!.Id }, new ResyncRequest(), _ => { }, Common.SilentReporter.Instance, System.Threading.CancellationToken.None);

            Assert.Equal(FileStatus.SyncError, failed.SyncStatus);
            Assert.Equal(FileStatus.Ready, world.Engine.Files.Get(failed.Id).SyncStatus);
            Assert.Single(world.Engine.Search.Search(new SearchQuery { Text = "friday" }));
        }

        [Fact]
        public async Task TheKeyComesFromTheNamedEnvironmentVariableAndNeverReachesTheStore()
        {
            using var world = await S3World.CreateAsync();
            var variable = "CARBONSPACES_TEST_TRANSCRIPTION_KEY_" + Guid.NewGuid().ToString("N");
            var key = "sk-" + Guid.NewGuid().ToString("N");
            Environment.SetEnvironmentVariable(variable, key);
            try
            {
                world.Engine.Transcription.Set(new TranscriptionSettings
                {
                    Endpoint = _service.Endpoint,
                    Model = "whisper-1",
                    ApiKey = ApiKeySource.FromEnvironment(variable),
                });
                await PutSpeechAsync(world, "calls/thursday.wav", convert: false);

                await SyncRun.ObjectsAsync(world, new FileSyncOptions(), "calls/thursday.wav");

                Assert.Equal("Bearer " + key, Assert.Single(_service.Requests).Authorization);
                using var another = world.OpenAnotherEngine();
                var saved = another.Transcription.Get()!;
                Assert.Equal("Environment:" + variable, saved.ApiKey!.ToString());
                Assert.DoesNotContain(key, ReadStoreText(world.StorePath));
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }

        [Fact]
        public void AServiceThatCannotWorkIsRefusedBeforeItIsSaved()
        {
            using var temp = new TempStore();
            using var engine = CarbonEngine.Open(temp.Path);

            var failure = Assert.Throws<Common.CarbonSpacesException>(() => engine.Transcription.Set(new TranscriptionSettings { Endpoint = new Uri("ftp://example.com/v1"), Model = "whisper-1" }));

            Assert.Equal("CarbonSpaces.InvalidTranscriptionService", failure.ErrorId);
            Assert.Null(engine.Transcription.Get());
        }

        private async Task PutSpeechAsync(S3World world, string key, bool convert = true)
        {
            var wav = _samples.Path(Guid.NewGuid().ToString("N") + ".wav");
            SampleMedia.Speech(wav, "Budget review approved");
            var path = wav;
            if (convert)
            {
                path = Path.ChangeExtension(wav, Path.GetExtension(key));
                SampleMedia.Convert(wav, path);
            }

            await TestS3.PutAsync(world.Client, world.Bucket, key, File.ReadAllBytes(path));
        }

        /// <summary>The store's file and its write-ahead log, as text: a key written anywhere in them would show.</summary>
        private static string ReadStoreText(string storePath) =>
            string.Concat(new[] { storePath, storePath + "-wal" }.Where(File.Exists).Select(path =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                return reader.ReadToEnd();
            }));
    }
}
