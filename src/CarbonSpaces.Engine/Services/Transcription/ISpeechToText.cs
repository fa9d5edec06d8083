using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>
    /// A speech-to-text protocol. OpenAI's /audio/transcriptions is one; another (Deepgram's
    /// /v1/listen) is one more class behind this interface.
    /// </summary>
    public interface ISpeechToText
    {
        /// <summary>The most bytes one request may carry; longer audio is split before it is sent.</summary>
        long MaxUploadBytes { get; }

        /// <param name="audioPath">An MP3 file of at most <see cref="MaxUploadBytes"/>.</param>
        /// <param name="subject">The file the audio comes from, as messages name it.</param>
        /// <exception cref="Common.CarbonSpacesException">
        /// CarbonSpaces.Throttled (the service kept answering 429), CarbonSpaces.TranscriptionUnavailable
        /// (unreachable, or 5xx after retries) or CarbonSpaces.TranscriptionFailed (the service refused the request).
        /// </exception>
        Task<Transcript> TranscribeAsync(string audioPath, string subject, CancellationToken cancellation);
    }
}
