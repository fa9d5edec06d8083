using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Tools;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Failures that say nothing about the object, only about what was missing when it was built: a
    /// tool not installed, no transcription service, a service that was down, a key not at hand.
    /// A file that failed so is retried by the next sync, resync or auto-sync even though its
    /// object did not change (a damaged object, by contrast, is not retried until it changes).
    /// </summary>
    internal static class EnvironmentFailures
    {
        private static readonly HashSet<string> Ids = new HashSet<string>(StringComparer.Ordinal)
        {
            ToolLocator.NotFoundId,
            ToolRunner.FailedId,
            TranscriptionErrors.NotConfigured,
            TranscriptionErrors.Unavailable,
            TranscriptionErrors.Failed,
            "CarbonSpaces.ApiKeyMissing",
            "CarbonSpaces.SecretManagementUnavailable",
            "CarbonSpaces.SecretNotFound",
        };

        public static bool Contains(string errorId) => Ids.Contains(errorId);
    }
}
