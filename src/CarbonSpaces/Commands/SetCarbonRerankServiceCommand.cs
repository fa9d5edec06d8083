using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Rerank;

namespace CarbonSpaces.Commands
{
    /// <summary>Chooses the reranking service behind Search-CarbonChunk -Rerank.</summary>
    [Cmdlet(VerbsCommon.Set, "CarbonRerankService", SupportsShouldProcess = true)]
    [OutputType(typeof(RerankServiceSetting))]
    public sealed class SetCarbonRerankServiceCommand : CarbonCmdlet
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

        /// <summary>The service's key, kept in memory for this PowerShell session only (never stored).</summary>
        [Parameter]
        public SecureString? ApiKey { get; set; }

        /// <summary>The environment variable that holds the service's key, read at each use: for unattended runs.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ApiKeyVariable { get; set; }

        /// <summary>Emit the setting as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new RerankSettings
            {
                Provider = Provider,
                Model = Model,
                ApiKey = ApiKeyVariable == null ? null : ApiKeySource.FromEnvironment(ApiKeyVariable),
            };
            if (Endpoint != null)
            {
                settings.Endpoint = Endpoint.ToString();
            }

            if (!ShouldProcess($"store '{Engine.Store.Path}'", $"Rerank search results with {Model} at {settings.Endpoint}"))
            {
                return;
            }

            try
            {
                var saved = Engine.RerankService.Set(settings, ApiKey == null ? null : new NetworkCredential(string.Empty, ApiKey).Password);
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
