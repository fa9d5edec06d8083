using System.Management.Automation;

namespace CarbonSpaces.Commands
{
    /// <summary>Reads auto-sync settings.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonAutoSync")]
    [OutputType(typeof(AutoSyncSetting))]
    public sealed class GetCarbonAutoSyncCommand : CarbonCmdlet
    {
        /// <summary>Only these customers; every customer with a setting when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string[]? CustomerId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var setting in Engine.AutoSyncSettings.Get(CustomerId))
            {
                WriteObject(new AutoSyncSetting(setting));
            }
        }
    }
}
