using System.Management.Automation;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Commands
{
    /// <summary>
    /// The runbook entry point: every due data source of every enabled customer is synced: new,
    /// changed and deleted objects. Schedule it hourly; only what is due runs.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CarbonAutoSync", SupportsShouldProcess = true)]
    [OutputType(typeof(AutoSyncRun))]
    public sealed class InvokeCarbonAutoSyncCommand : CarbonCmdlet
    {
        /// <summary>Only these customers; every enabled customer when omitted.</summary>
        [Parameter(Position = 0)]
        [ValidateCount(1, AutoSyncSettings.MaxCustomersPerCall)]
        [ValidateNotNullOrEmpty]
        public string[]? CustomerId { get; set; }

        /// <summary>Ignore the schedule: sync every data source of the chosen customers now.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Downloads and extractions at once, per data source (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected override void EndProcessing()
        {
            var target = CustomerId == null ? "every customer with auto-sync enabled" : string.Join(", ", CustomerId);
            if (!ShouldProcess(target, Force ? "Sync every data source now" : "Sync the data sources that are due"))
            {
                return;
            }

            try
            {
                Run(async (reporter, token) =>
                {
                    await Engine.AutoSync.RunAsync(CustomerId, Force, ThrottleLimit, run => Dispatcher.Post(() => WriteObject(new AutoSyncRun(run))), reporter, token).ConfigureAwait(false);
                    return true;
                });
            }
            catch (CarbonSpacesException ex)
            {
                WriteFailure(ex);
            }
        }
    }
}
