using System.Linq;
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

        /// <summary>S3 (Amazon S3 and Spaces data sources) or ALL; a new setting defaults to S3, an existing one keeps its own.</summary>
        [Parameter]
        [ValidateSet("S3", "ALL")]
        public string Source { get; set; } = "S3";

        /// <summary>Hours between runs: 3, 6, 12 or 24; a new setting defaults to 24, an existing one keeps its own.</summary>
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
            var approved = CustomerId.Where(id => ShouldProcess($"customer '{id}'", action)).ToList();
            if (approved.Count == 0)
            {
                return;
            }

            try
            {
                // Only what was given changes: -Disable alone keeps the source and interval for a later enable.
                var source = MyInvocation.BoundParameters.ContainsKey(nameof(Source)) ? Source : null;
                var interval = MyInvocation.BoundParameters.ContainsKey(nameof(IntervalHours)) ? IntervalHours : (int?)null;
                var saved = Engine.AutoSyncSettings.Set(approved, !Disable, source, interval);
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
