using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Ingest.Tools;
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    public sealed class MediaExtractionTests : IDisposable
    {
        private const string Words = "The quarterly meeting starts at nine";

        private readonly SampleFolder _samples = new SampleFolder();
        private readonly FakeTranscriptionServer _service = new FakeTranscriptionServer();
        private readonly HttpClient _http = new HttpClient();

        public void Dispose()
        {
            _http.Dispose();
            _service.Dispose();
            _samples.Dispose();
        }

        [Fact]
        public void AudioIsTranscribedIntoSegmentsThatCarryTheirTimes()
        {
            var wav = Speech("meeting.wav");
            _service.Segments = new[] { (0.0, 1.2, "The quarterly meeting"), (1.2, 2.2, "starts at nine.") };

            var document = Extract(wav);

            Assert.Equal(MediaTypes.Audio, document.MediaType);
            Assert.Equal(new[] { "The quarterly meeting", "starts at nine." }, document.Segments.Select(s => s.Text));
            Assert.Equal(new TimeSpan?[] { TimeSpan.Zero, TimeSpan.FromSeconds(1.2) }, document.Segments.Select(s => s.StartTime));
            Assert.Equal(new TimeSpan?[] { TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(2.2) }, document.Segments.Select(s => s.EndTime));
        }

        [Fact]
        public void TheRequestCarriesTheModelTheFormatAndTheAudioAsAnMp3File()
        {
            var wav = Speech("meeting.wav");

            Extract(wav, apiKey: "sk-test-key");

            var request = Assert.Single(_service.Requests);
            Assert.Equal("/v1/audio/transcriptions", request.Path);
            Assert.Equal("whisper-test", request.Fields["model"]);
            Assert.Equal("verbose_json", request.Fields["response_format"]);
            Assert.EndsWith(".mp3", request.FileName);
            Assert.Equal("audio/mpeg", request.FileContentType);
            Assert.True(request.File.Length > 1000, $"only {request.File.Length} bytes of audio");
            Assert.True(request.File.Take(3).SequenceEqual(new byte[] { (byte)'I', (byte)'D', (byte)'3' }) || request.File[0] == 0xFF, "not an MP3");
            Assert.Equal("Bearer sk-test-key", request.Authorization);
        }

        [Fact]
        public void AnMp3GivesItsDurationCodecSampleRateChannelsTitleAndArtist()
        {
            var mp3 = _samples.Path("song.mp3");
            SampleMedia.Convert(Speech("song.wav"), mp3, title: "Morning Call", artist: "The Speakers");

            var metadata = Extract(mp3).Metadata.Values;

            Assert.InRange((double)metadata[MetadataKeys.DurationSeconds], 1.5, 4.0);
            Assert.Equal("mp3", metadata[MetadataKeys.AudioCodec]);
            Assert.Equal(22050L, metadata[MetadataKeys.SampleRate]);
            Assert.Equal(1L, metadata[MetadataKeys.Channels]);
            Assert.Equal("Morning Call", metadata[MetadataKeys.Title]);
            Assert.Equal("The Speakers", metadata[MetadataKeys.Artist]);
        }

        [Theory]
        [InlineData("talk.flac")]
        [InlineData("talk.ogg")]
        [InlineData("talk.m4a")]
        [InlineData("talk.opus")]
        [InlineData("talk.pcm")]
        public void OtherAudioFormatsAreTranscribedToo(string name)
        {
            var path = _samples.Path(name);
            SampleMedia.Convert(Speech("talk.wav"), path);
            _service.Segments = new[] { (0.0, 2.0, Words) };

            Assert.Equal(Words, Assert.Single(Extract(path).Segments).Text);
        }

        [Fact]
        public void AVideosAudioTrackIsTranscribedAndItsPictureDescribed()
        {
            var mp4 = _samples.Path("briefing.mp4");
            SampleMedia.Video(Speech("briefing.wav"), mp4);
            _service.Segments = new[] { (0.0, 2.0, Words) };

            var document = Extract(mp4);

            Assert.Equal(MediaTypes.Video, document.MediaType);
            Assert.Equal(Words, Assert.Single(document.Segments).Text);
            var metadata = document.Metadata.Values;
            Assert.Equal("h264", metadata[MetadataKeys.VideoCodec]);
            Assert.Equal(320L, metadata[MetadataKeys.Width]);
            Assert.Equal(240L, metadata[MetadataKeys.Height]);
            Assert.Equal("aac", metadata[MetadataKeys.AudioCodec]);
            Assert.EndsWith(".mp3", Assert.Single(_service.Requests).FileName);
        }

        [Fact]
        public void AVideoWithoutSoundIsReadAsEmptyWithANoticeAndSendsNothing()
        {
            var mp4 = _samples.Path("silent.mp4");
            SampleMedia.SilentVideo(mp4, 2);

            var document = Extract(mp4);

            Assert.Empty(document.Segments);
            Assert.Contains("no audio track", Assert.Single(document.Notices));
            Assert.Equal(160L, document.Metadata.Values[MetadataKeys.Width]);
            Assert.Empty(_service.Requests);
        }

        [Fact]
        public void AudioOverTheUploadLimitIsSentInPartsAndTheTimesStitchedBack()
        {
            var wav = _samples.Path("lecture.wav");
            SampleMedia.Tone(wav, 200);
            _service.Segments = new[] { (1.0, 5.0, "part words") };

            var document = Extract(wav, maxUploadBytes: 1024 * 1024);

            Assert.Equal(2, _service.Requests.Count);
            Assert.All(_service.Requests, r => Assert.True(r.File.Length <= 1024 * 1024, $"{r.FileName}: {r.File.Length} bytes"));
            Assert.Equal(2, document.Segments.Count);
            Assert.Equal(TimeSpan.FromSeconds(1), document.Segments[0].StartTime);
            var secondPartStart = document.Segments[1].StartTime!.Value - TimeSpan.FromSeconds(1);
            Assert.InRange(secondPartStart.TotalSeconds, 120, 126);
        }

        [Fact]
        public void WithoutATranscriptionServiceARecordingFailsNamingTheCmdletAndKeepsItsMetadata()
        {
            var wav = Speech("memo.wav");

            var failure = Assert.Throws<TextUnavailableException>(() => Extract(wav, configured: false));

            Assert.Equal(TranscriptionErrors.NotConfigured, failure.ErrorId);
            Assert.Contains("memo.wav", failure.Message);
            Assert.Contains("Set-CarbonTranscriptionService", failure.Message);
            Assert.Equal(MediaTypes.Audio, failure.MediaType);
            Assert.Equal("pcm_s16le", failure.Metadata.Values[MetadataKeys.AudioCodec]);
        }

        [Fact]
        public void ARecordingLongerThanTheLimitIsNotSentAndSaysWhichLimit()
        {
            var wav = _samples.Path("marathon.wav");
            SampleMedia.Tone(wav, 90);

            var failure = Assert.Throws<TextUnavailableException>(() => Extract(wav, limits: new ExtractionLimits { MaxMediaDuration = TimeSpan.FromMinutes(1) }));

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("MaxMediaDuration", failure.Message);
            Assert.Empty(_service.Requests);
            Assert.InRange((double)failure.Metadata.Values[MetadataKeys.DurationSeconds], 89, 91);
        }

        [Fact]
        public void TooManyRequestsAndOverloadAreRetriedUntilTheServiceAnswers()
        {
            var wav = Speech("retry.wav");
            _service.AnswerNext((HttpStatusCode)429);
            _service.AnswerNext(HttpStatusCode.ServiceUnavailable);
            _service.Segments = new[] { (0.0, 2.0, "finally heard") };

            var document = Extract(wav);

            Assert.Equal("finally heard", Assert.Single(document.Segments).Text);
            Assert.Equal(3, _service.Requests.Count);
        }

        [Fact]
        public void AServiceThatStaysOverloadedFailsAfterItsRetriesAsUnavailable()
        {
            var wav = Speech("down.wav");
            _service.AnswerAlways(HttpStatusCode.ServiceUnavailable);

            var failure = Assert.Throws<TextUnavailableException>(() => Extract(wav));

            Assert.Equal(TranscriptionErrors.Unavailable, failure.ErrorId);
            Assert.Contains("503", failure.Message);
            Assert.Equal(TranscriptionRetry.Default.MaxAttempts, _service.Requests.Count);
        }

        [Fact]
        public void AServiceThatKeepsThrottlingFailsAsThrottled()
        {
            var wav = Speech("busy.wav");
            _service.AnswerAlways((HttpStatusCode)429);

            var failure = Assert.Throws<TextUnavailableException>(() => Extract(wav));

            Assert.Equal("CarbonSpaces.Throttled", failure.ErrorId);
            Assert.Contains("RATE_LIMITED", failure.Message);
        }

        [Fact]
        public void ARefusedKeyFailsSayingToCheckTheKey()
        {
            var wav = Speech("denied.wav");
            _service.AnswerNext(HttpStatusCode.Unauthorized, "Incorrect API key provided");

            var failure = Assert.Throws<TextUnavailableException>(() => Extract(wav));

            Assert.Equal(TranscriptionErrors.Failed, failure.ErrorId);
            Assert.Equal(FailureKind.AuthenticationFailed, failure.Kind);
            Assert.Contains("Incorrect API key provided", failure.Message);
            Assert.Single(_service.Requests);
        }

        [Fact]
        public void WithoutFfprobeARecordingFailsNamingTheToolAndHowToInstallIt()
        {
            var wav = Speech("lost.wav");
            var locator = new ToolLocator(name => name == ExternalTool.Ffprobe.EnvironmentVariable ? "/nonexistent/ffprobe" : Environment.GetEnvironmentVariable(name));
            var extractor = new DocumentExtractor(new ExtractionServices(new ToolRunner(locator), () => Client(null, TranscriptionSettings.DefaultMaxUploadBytes)));

            var failure = Assert.Throws<CarbonSpacesException>(() => extractor
                .ExtractAsync(FileContent.FromFile(wav), "audio/lost.wav", null, ExtractionOptions.Default, CancellationToken.None).GetAwaiter().GetResult());

            Assert.Equal("CarbonSpaces.ToolNotFound", failure.ErrorId);
            Assert.Contains("ffprobe", failure.Message);
            Assert.Contains("CARBONSPACES_FFPROBE", failure.Message);
            Assert.Contains("apt-get install ffmpeg", failure.Message);
        }

        private string Speech(string name)
        {
            var path = _samples.Path(name);
            SampleMedia.Speech(path, Words);
            return path;
        }

        private ExtractedDocument Extract(string path, string? apiKey = null, long maxUploadBytes = TranscriptionSettings.DefaultMaxUploadBytes, bool configured = true, ExtractionLimits? limits = null)
        {
            var services = new ExtractionServices(new ToolRunner(new ToolLocator()), () => configured ? Client(apiKey, maxUploadBytes) : null);
            var options = new ExtractionOptions { Limits = limits ?? ExtractionLimits.Default };
            return new DocumentExtractor(services).ExtractAsync(FileContent.FromFile(path), Path.GetFileName(path), null, options, CancellationToken.None).GetAwaiter().GetResult();
        }

        private ISpeechToText Client(string? apiKey, long maxUploadBytes) =>
            new OpenAiTranscriptionClient(
                _http,
                new TranscriptionSettings { Endpoint = _service.Endpoint, Model = "whisper-test", MaxUploadBytes = maxUploadBytes },
                apiKey,
                new TranscriptionRetry(TranscriptionRetry.Default.MaxAttempts, TimeSpan.Zero, TimeSpan.FromMilliseconds(10)));
    }
}
