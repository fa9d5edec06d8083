namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>Where the transcription service's API key comes from each time it is needed. The store records this, never the key.</summary>
    public enum TranscriptionKeySource
    {
        /// <summary>No key: a local server (whisper.cpp, faster-whisper, LocalAI) that needs none.</summary>
        None,

        /// <summary>Given to Set-CarbonTranscriptionService and kept in memory for that PowerShell session only.</summary>
        Session,

        /// <summary>A secret of PowerShell SecretManagement, read through the host at each use.</summary>
        SecretManagement,

        /// <summary>An environment variable of the process that runs the sync, named in the settings.</summary>
        Environment,
    }
}
