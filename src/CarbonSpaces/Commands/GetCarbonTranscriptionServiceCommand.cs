using System.Management.Automation;

namespace CarbonSpaces.Commands
{
    /// <summary>Reads the speech-to-text service set for the store; nothing when none is.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonTranscriptionService")]
    [OutputType(typeof(TranscriptionService))]
    public sealed class GetCarbonTranscriptionServiceCommand : CarbonCmdlet
    {
        protected override void ProcessRecord()
        {
            var settings = Engine.Transcription.Get();
            if (settings != null)
            {
                WriteObject(new TranscriptionService(settings));
            }
        }
    }
}
