using System.Management.Automation;

namespace CarbonSpaces.Commands
{
    /// <summary>Shows the reranking service behind Search-CarbonChunk -Rerank; nothing when none is set.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonRerankService")]
    [OutputType(typeof(RerankServiceSetting))]
    public sealed class GetCarbonRerankServiceCommand : CarbonCmdlet
    {
        protected override void ProcessRecord()
        {
            if (Engine.RerankService.Settings is { } settings)
            {
                WriteObject(new RerankServiceSetting(settings));
            }
        }
    }
}
