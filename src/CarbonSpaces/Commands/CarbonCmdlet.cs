using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Hosting;

namespace CarbonSpaces.Commands
{
    /// <summary>
    /// What every CarbonSpaces cmdlet shares: -StorePath, one engine per invocation, Ctrl+C as a
    /// cancellation token, and engine work run on worker threads while its output, progress and
    /// errors are written from the pipeline thread.
    /// </summary>
    public abstract class CarbonCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private PipelineDispatcher? _dispatcher;
        private CarbonEngine? _engine;

        /// <summary>The store file to use instead of $env:CARBONSPACES_STORE or the per-user default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StorePath { get; set; }

        private CancellationToken Cancellation => _stopping.Token;

        /// <summary>Created on first use, which is on the pipeline thread (the thread it pumps calls onto).</summary>
        private protected PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

        /// <summary>The engine over the chosen store, opened on first use; a store that cannot be opened stops the command.</summary>
        private protected CarbonEngine Engine
        {
            get
            {
                if (_engine == null)
                {
                    try
                    {
                        var host = new PowerShellCredentialHost(this, Dispatcher);
                        _engine = CarbonEngine.Open(ResolveStorePath(), host, serviceKeys: host);
                    }
                    catch (CarbonSpacesException ex)
                    {
                        ThrowTerminatingError(ErrorRecords.From(ex));
                    }
                }

                return _engine!;
            }
        }

        /// <summary>
        /// Ctrl+C. Cancelling runs the engine's cancellation callbacks, so it happens on a pool
        /// thread rather than on PowerShell's stopping thread.
        /// </summary>
        protected override void StopProcessing() => ThreadPool.QueueUserWorkItem(_ => _stopping.Cancel());

        /// <summary>Runs engine work off the pipeline thread and pumps its reports until it ends.</summary>
        private protected T Run<T>(Func<IOperationReporter, CancellationToken, Task<T>> work)
        {
            // The store opens here, on the pipeline thread, so a store that cannot be opened stops the command cleanly.
            _ = Engine;
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

        /// <summary>
        /// Writes a NotFound error for each of the <paramref name="ids"/> that names no record of that kind: an id asked
        /// for by number that does not exist is an error in every command, while filters that match nothing are not.
        /// </summary>
        private protected void WriteUnknownIds(RecordKind kind, long[]? ids, bool includeHistory = false)
        {
            foreach (var id in Engine.UnknownIds.Find(kind, ids, includeHistory))
            {
                WriteFailure(UnknownIds.NotFound(kind, id));
            }
        }

        /// <summary>Stops the command for a failure that leaves nothing else to do.</summary>
        private protected void Fail(CarbonSpacesException error) => ThrowTerminatingError(ErrorRecords.From(error));

        /// <remarks>
        /// Run never returns while engine work is still going, so the engine is idle here. The
        /// cancellation source is left to the collector: a Ctrl+C queued just before may still use it.
        /// </remarks>
        public void Dispose()
        {
            _engine?.Dispose();
            GC.SuppressFinalize(this);
        }

        private int ActivityId => Math.Abs(GetType().Name.GetHashCode() % 10_000);

        /// <summary>
        /// -StorePath, or a relative $env:CARBONSPACES_STORE, is taken relative to PowerShell's current location, not the
        /// process's; a PostgreSQL URI or connection string is no path and goes to the engine as it is.
        /// </summary>
        private string? ResolveStorePath()
        {
            var path = StorePath ?? Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            return StoreLocation.IsServerLocation(path!) ? path : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }
    }
}
