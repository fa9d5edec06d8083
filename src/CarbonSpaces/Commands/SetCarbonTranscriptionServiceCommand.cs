using System;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Commands
{
    /// <summary>Sets the speech-to-text service that audio and video files are transcribed with (one per store).</summary>
    [Cmdlet(VerbsCommon.Set, "CarbonTranscriptionService", SupportsShouldProcess = true, DefaultParameterSetName = NoKeySet)]
    [OutputType(typeof(TranscriptionService))]
    public sealed class SetCarbonTranscriptionServiceCommand : ServiceKeyCmdlet
    {
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
                ApiKey = KeySource,
                MaxUploadBytes = MaxUploadMB * 1024L * 1024L,
            };

            try
            {
                var saved = Engine.Transcription.Set(settings, SessionKey);
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
