using System;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Embedding;

namespace CarbonSpaces.Commands
{
    /// <summary>Chooses the model that embeds chunks and queries in this store.</summary>
    [Cmdlet(VerbsCommon.Set, "CarbonEmbeddingModel", SupportsShouldProcess = true, DefaultParameterSetName = NoKeySet)]
    [OutputType(typeof(EmbeddingModelSetting))]
    public sealed class SetCarbonEmbeddingModelCommand : ServiceKeyCmdlet
    {
        /// <summary>
        /// Local: snowflake-arctic-embed-xs in process, no service and no key (PowerShell 7). OpenAI, AzureOpenAI
        /// (-Model is the deployment) or Ollama: a service at -Endpoint.
        /// </summary>
        [Parameter(Position = 0)]
        [ValidateSet("Local", "OpenAI", "AzureOpenAI", "Ollama")]
        public string Provider { get; set; } = "Local";

        /// <summary>The model's name at the provider; the provider's default when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Model { get; set; }

        /// <summary>The service's base address.</summary>
        [Parameter]
        public Uri? Endpoint { get; set; }

        /// <summary>The vector size to ask for, where the model can shorten its vectors.</summary>
        [Parameter]
        [ValidateRange(1, 8192)]
        public int Dimensions { get; set; }

        /// <summary>Emit the setting as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var provider = (EmbeddingProvider)Enum.Parse(typeof(EmbeddingProvider), Provider, ignoreCase: true);
            var settings = new EmbeddingSettings
            {
                Provider = provider,
                Model = Model ?? EmbeddingSettings.DefaultModelOf(provider),
                Endpoint = Endpoint?.ToString(),
                Dimensions = MyInvocation.BoundParameters.ContainsKey(nameof(Dimensions)) ? Dimensions : (int?)null,
                ApiKey = KeySource,
            };
            if (!ShouldProcess($"store '{Engine.Store.Location}'", $"Embed chunks and queries with {settings.Identity}"))
            {
                return;
            }

            try
            {
                var saved = Engine.EmbeddingModels.Set(settings, SessionKey);
                if (PassThru)
                {
                    WriteObject(new EmbeddingModelSetting(saved, Engine.EmbeddingModels.Unavailable));
                }
            }
            catch (CarbonSpacesException ex)
            {
                Fail(ex);
            }
        }
    }
}
