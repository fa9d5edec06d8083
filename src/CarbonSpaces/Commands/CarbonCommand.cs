using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Hosting;

namespace CarbonSpaces.Commands
{
    /// <summary>
    /// What every CarbonSpaces cmdlet shares, with or without a store of its own: Ctrl+C as a cancellation token,
    /// and engine work run on worker threads while its output, progress and errors are written from the pipeline
    /// thread. Cmdlets that work on one store derive from <see cref="CarbonCmdlet"/>.
    /// </summary>
    public abstract class CarbonCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private PipelineDispatcher? _dispatcher;

        private protected CancellationToken Cancellation => _stopping.Token;

        /// <summary>Created on first use, which is on the pipeline thread (the thread it pumps calls onto).</summary>
        private protected PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

        /// <summary>
        /// Ctrl+C. Cancelling runs the engine's cancellation callbacks, so it happens on a pool
        /// thread rather than on PowerShell's stopping thread.
        /// </summary>
        protected override void StopProcessing() => ThreadPool.QueueUserWorkItem(_ => _stopping.Cancel());

        /// <summary>Runs engine work off the pipeline thread and pumps its reports until it ends.</summary>
        private protected T RunWork<T>(Func<IOperationReporter, CancellationToken, Task<T>> work)
        {
            var reporter = new PipelineReporter(this, Dispatcher, ActivityId);
            using var cancelWork = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            var token = cancelWork.Token;
            return Dispatcher.Pump(Task.Run(() => work(reporter, token)), cancelWork);
        }

        /// <summary>
        /// ShouldProcess for destructive cmdlets with -Force: -Force skips the confirmation prompt,
        /// but -WhatIf (or $WhatIfPreference) and an explicit -Confirm still win.
        /// </summary>
        private protected bool ShouldProcessUnlessForced(string target, string action, bool force)
        {
            var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIfValue)
                ? ((SwitchParameter)whatIfValue).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            var confirm = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirmValue) && ((SwitchParameter)confirmValue).IsPresent;
            return force && !whatIf && !confirm ? true : ShouldProcess(target, action);
        }

        /// <summary>Writes a per-object failure and lets the pipeline go on.</summary>
        private protected void WriteFailure(CarbonSpacesException error) => WriteError(ErrorRecords.From(error));

        /// <summary>Stops the command for a failure that leaves nothing else to do.</summary>
        private protected void Fail(CarbonSpacesException error) => ThrowTerminatingError(ErrorRecords.From(error));

        /// <summary>
        /// A store location as the user typed it: a relative file path is taken relative to PowerShell's current
        /// location, not the process's; a PostgreSQL URI or connection string is no path and goes to the engine as it is.
        /// </summary>
        private protected string ResolveStoreLocation(string location) =>
            StoreLocation.IsServerLocation(location) ? location : SessionState.Path.GetUnresolvedProviderPathFromPSPath(location);

        private int ActivityId => Math.Abs(GetType().Name.GetHashCode() % 10_000);
    }
}
