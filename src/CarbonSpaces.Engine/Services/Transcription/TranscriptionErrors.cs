using System;
using System.Net;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>The errors of transcription, each naming the file and the service and saying what to do.</summary>
    public static class TranscriptionErrors
    {
        public const string NotConfigured = "CarbonSpaces.TranscriptionNotConfigured";
        public const string Unavailable = "CarbonSpaces.TranscriptionUnavailable";
        public const string Failed = "CarbonSpaces.TranscriptionFailed";
        public const string Throttled = "CarbonSpaces.Throttled";

        public static CarbonSpacesException NotConfiguredFor(string subject, string mediaType) =>
            new CarbonSpacesException(
                NotConfigured,
                FailureKind.NotSupported,
                $"'{subject}' is {(mediaType == "VIDEO" ? "a video" : "an audio file")}, whose text comes from a transcription service, and none is set for this store. Run Set-CarbonTranscriptionService -Provider OpenAI -Endpoint <uri> -Model <name> (with a key if the service needs one), then resync the file.",
                subject);

        internal static CarbonSpacesException Unreachable(Uri endpoint, string subject, Exception cause) =>
            new CarbonSpacesException(
                Unavailable,
                FailureKind.ConnectionFailed,
                $"The transcription service at {endpoint} could not be reached for '{subject}' ({cause.Message}). Check the endpoint with Get-CarbonTranscriptionService; the next sync finishes the file.",
                subject,
                cause);

        internal static CarbonSpacesException Refused(Uri endpoint, string subject, HttpStatusCode status, string message, int attempts)
        {
            var code = (int)status;
            var tried = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
            if (code == 429)
            {
                return new CarbonSpacesException(Throttled, FailureKind.ResourceUnavailable,
                    $"The transcription service at {endpoint} kept answering 429 (too many requests) for '{subject}'{tried}: {message}. The file is RATE_LIMITED; the next sync finishes it.", subject);
            }

            if (code >= 500)
            {
                return new CarbonSpacesException(Unavailable, FailureKind.ResourceUnavailable,
                    $"The transcription service at {endpoint} answered {code}{tried} for '{subject}': {message}. The next sync tries the file again.", subject);
            }

            var kind = code == 401 || code == 403 ? FailureKind.AuthenticationFailed : FailureKind.InvalidArgument;
            var advice = kind == FailureKind.AuthenticationFailed
                ? "Check the API key (Set-CarbonTranscriptionService -ApiKey, -SecretName or -ApiKeyVariable)."
                : "Check the model name and endpoint with Get-CarbonTranscriptionService.";
            return new CarbonSpacesException(Failed, kind, $"The transcription service at {endpoint} refused '{subject}' with {code}: {message}. {advice}", subject);
        }

        internal static CarbonSpacesException BadAnswer(string subject, Exception cause) =>
            new CarbonSpacesException(
                Failed,
                FailureKind.InvalidData,
                $"The transcription service's answer for '{subject}' was not the verbose JSON it was asked for ({cause.Message}). Check that the endpoint speaks OpenAI's /audio/transcriptions protocol.",
                subject,
                cause);
    }
}
