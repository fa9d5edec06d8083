using System;
using System.Management.Automation;
using System.Security;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Hosting;

namespace CarbonSpaces.Commands
{
    /// <summary>Sets the speech-to-text service that audio and video files are transcribed with (one per store).</summary>
    [Cmdlet(VerbsCommon.Set, "CarbonTranscriptionService", SupportsShouldProcess = true, DefaultParameterSetName = NoKeySet)]
    [OutputType(typeof(TranscriptionService))]
    public sealed class SetCarbonTranscriptionServiceCommand : CarbonCmdlet
    {
        private const string NoKeySet = "NoKey";
        private const string SessionKeySet = "ApiKey";
        private const string SecretSet = "SecretName";
        private const string EnvironmentSet = "ApiKeyVariable";

        /// <summary>The protocol the service speaks: OpenAI's /audio/transcriptions (OpenAI, Azure OpenAI, Groq, whisper.cpp, faster-whisper, LocalAI).</summary>
        [Parameter]
        [ValidateSet(TranscriptionSettings.OpenAiProvider)]
        public string Provider { get; set; } = TranscriptionSettings.OpenAiProvider;

        /// <summary>The API base, such as https://api.openai.com/v1; requests go to {Endpoint}/audio/transcriptions.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        /// <summary>The model to transcribe with, such as whisper-1.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = string.Empty;

        /// <summary>The API key, kept for this PowerShell session only (never written to the store).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionKeySet)]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>A SecretManagement secret that holds the API key, read at each sync (for unattended runs).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? SecretName { get; set; }

        /// <summary>The SecretManagement vault of -SecretName; the default vault when omitted.</summary>
        [Parameter(ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>An environment variable that holds the API key, read at each sync, such as OPENAI_API_KEY.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
        [ValidateNotNullOrEmpty]
        public string? ApiKeyVariable { get; set; }

        /// <summary>The most one upload may carry (OpenAI: 25); longer audio is split into parts.</summary>
        [Parameter]
        [ValidateRange(1, 2048)]
        public int MaxUploadMB { get; set; } = (int)(TranscriptionSettings.DefaultMaxUploadBytes / (1024 * 1024));

        /// <summary>Emit the settings as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Endpoint!.AbsoluteUri, $"Transcribe audio and video with model '{Model}'"))
            {
                return;
            }

            var settings = new TranscriptionSettings
            {
                Provider = Provider,
                Endpoint = Endpoint,
                Model = Model,
                KeySource = ParameterSetName switch
                {
                    SessionKeySet => TranscriptionKeySource.Session,
                    SecretSet => TranscriptionKeySource.SecretManagement,
                    EnvironmentSet => TranscriptionKeySource.Environment,
                    _ => TranscriptionKeySource.None,
                },
                KeyName = SecretName ?? ApiKeyVariable,
                KeyVault = Vault,
                MaxUploadBytes = MaxUploadMB * 1024L * 1024L,
            };

            try
            {
                var saved = Engine.Transcription.Set(settings);
                if (ApiKey != null)
                {
                    SessionServiceKeys.Remember(saved.Endpoint.AbsoluteUri, ApiKey);
                }

                if (PassThru)
                {
                    WriteObject(new TranscriptionService(saved));
                }
            }
            catch (CarbonSpacesException ex)
            {
                Fail(ex);
            }
        }
    }
}
