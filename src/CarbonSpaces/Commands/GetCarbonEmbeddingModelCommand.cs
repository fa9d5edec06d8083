using System.Management.Automation;

namespace CarbonSpaces.Commands
{
    /// <summary>Shows the model that embeds chunks and queries in this store, and whether this PowerShell can run it.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonEmbeddingModel")]
    [OutputType(typeof(EmbeddingModelSetting))]
    public sealed class GetCarbonEmbeddingModelCommand : CarbonCmdlet
    {
        protected override void ProcessRecord()
        {
            WriteObject(new EmbeddingModelSetting(Engine.EmbeddingModels.Settings, Engine.EmbeddingModels.Unavailable));
        }
    }
}
