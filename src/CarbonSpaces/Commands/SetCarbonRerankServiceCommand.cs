using System;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Rerank;

namespace CarbonSpaces.Commands
{
    /// <summary>Chooses the reranking service behind Search-CarbonChunk -Rerank.</summary>
    [Cmdlet(VerbsCommon.Set, "CarbonRerankService", SupportsShouldProcess = true, DefaultParameterSetName = NoKeySet)]
    [OutputType(typeof(RerankServiceSetting))]
    public sealed class SetCarbonRerankServiceCommand : ServiceKeyCmdlet
    {
        /// <summary>Cohere: POST /v1/rerank, also served by Jina, vLLM, Infinity and Hugging Face TEI.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Cohere")]
        public string Provider { get; set; } = "Cohere";

        /// <summary>The service's base address (default https://api.cohere.com/).</summary>
        [Parameter]
        public Uri? Endpoint { get; set; }

        /// <summary>The reranking model's name at the service.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = string.Empty;

        /// <summary>Emit the setting as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new RerankSettings
            {
                Provider = Provider,
                Model = Model,
                ApiKey = KeySource,
            };
            if (Endpoint != null)
            {
                settings.Endpoint = Endpoint.ToString();
            }

            if (!ShouldProcess($"store '{Engine.Store.Location}'", $"Rerank search results with {Model} at {settings.Endpoint}"))
            {
                return;
            }

            try
            {
                var saved = Engine.RerankService.Set(settings, SessionKey);
                if (PassThru)
                {
                    WriteObject(new RerankServiceSetting(saved));
                }
            }
            catch (CarbonSpacesException ex)
            {
                Fail(ex);
            }
        }
    }
}
