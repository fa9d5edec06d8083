using System.Management.Automation;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Commands
{
    /// <summary>Enables or disables scheduled sync for 1 to 100 customers at a time.</summary>
    [Cmdlet(VerbsCommon.Set, "CarbonAutoSync", SupportsShouldProcess = true)]
    [OutputType(typeof(AutoSyncSetting))]
    public sealed class SetCarbonAutoSyncCommand : CarbonCmdlet
    {
        /// <summary>1 to 100 customer ids (the -CustomerId given to Connect-CarbonSpace).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateCount(1, AutoSyncSettings.MaxCustomersPerCall)]
        [ValidateNotNullOrEmpty]
        public string[] CustomerId { get; set; } = new string[0];

        /// <summary>S3 (Amazon S3 and Spaces data sources) or ALL.</summary>
        [Parameter]
        [ValidateSet("S3", "ALL")]
        public string Source { get; set; } = "S3";

        /// <summary>Hours between runs: 3, 6, 12 or 24 (default).</summary>
        [Parameter]
        [ValidateSet("3", "6", "12", "24")]
        public int IntervalHours { get; set; } = CarbonSpaces.Engine.AutoSync.AutoSyncSetting.DefaultIntervalHours;

        /// <summary>Turn auto-sync off for these customers.</summary>
        [Parameter]
        public SwitchParameter Disable { get; set; }

        /// <summary>Emit the settings as saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var action = Disable ? "Disable auto-sync" : $"Enable auto-sync of {Source} sources every {IntervalHours} hours";
            if (!ShouldProcess(string.Join(", ", CustomerId), action))
            {
                return;
            }

            try
            {
                var saved = Engine.AutoSyncSettings.Set(CustomerId, !Disable, Source, IntervalHours);
                if (PassThru)
                {
                    foreach (var setting in saved)
                    {
                        WriteObject(new AutoSyncSetting(setting));
                    }
                }
            }
            catch (CarbonSpacesException ex)
            {
                Fail(ex);
            }
        }
    }
}
