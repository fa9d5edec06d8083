using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Hosting;

namespace CarbonSpaces.Commands
{
    /// <summary>Forgets a data source and its items; with -RemoveFiles also its synced files. Never touches the bucket.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CarbonSpace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DataSource))]
    public sealed class DisconnectCarbonSpaceCommand : CarbonCmdlet
    {
        /// <summary>
        /// The data sources (-Id works too). Binds from the Id of Get-CarbonDataSource output and the
        /// DataSourceId of items and files: the name comes first so an item's own Id is never taken for a data source's.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long[] DataSourceId { get; set; } = new long[0];

        /// <summary>Forget without asking for confirmation (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Also remove the data source's files, chunks and index entries from the store.</summary>
        [Parameter]
        public SwitchParameter RemoveFiles { get; set; }

        /// <summary>Emit each data source as it was before it was forgotten.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in DataSourceId)
            {
                try
                {
                    var source = Engine.DataSources.Get(id);
                    var action = RemoveFiles ? "Forget the data source, its items and its files" : "Forget the data source and its items";
                    if (!ShouldProcessUnlessForced($"{source.Subject}, {source.ParsedEndpoint.DisplayName}", action, Force))
                    {
                        continue;
                    }

                    Engine.DataSources.Disconnect(id, RemoveFiles);
                    SessionCredentials.Forget(source.Endpoint, source.AccessKeyId);
                    if (PassThru)
                    {
                        WriteObject(new DataSource(source));
                    }
                }
                catch (CarbonSpacesException ex)
                {
                    WriteFailure(ex);
                }
            }
        }
    }
}
