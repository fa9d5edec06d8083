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
    /// What every cmdlet that works on one store shares: -StorePath, -StoreCredential, and one engine per invocation.
    /// </summary>
    public abstract class CarbonCmdlet : CarbonCommand, IDisposable
    {
        private CarbonEngine? _engine;

        /// <summary>The store (a SQLite file or a PostgreSQL database) to use instead of $env:CARBONSPACES_STORE or the per-user default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StorePath { get; set; }

        /// <summary>The user name and password of a PostgreSQL store, instead of PGPASSWORD or the password file.</summary>
        [Parameter]
        [Credential]
        public PSCredential? StoreCredential { get; set; }

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
                        _engine = CarbonEngine.Open(ResolveStorePath(), host, serviceKeys: host, storeCredential: StoreCredential?.GetNetworkCredential());
                    }
                    catch (CarbonSpacesException ex)
                    {
                        ThrowTerminatingError(ErrorRecords.From(ex));
                    }
                }

                return _engine!;
            }
        }

        /// <summary>Runs engine work off the pipeline thread and pumps its reports until it ends.</summary>
        private protected T Run<T>(Func<IOperationReporter, CancellationToken, Task<T>> work)
        {
            // The store opens here, on the pipeline thread, so a store that cannot be opened stops the command cleanly.
            _ = Engine;
            return RunWork(work);
        }

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

        /// <remarks>
        /// Run never returns while engine work is still going, so the engine is idle here. The
        /// cancellation source is left to the collector: a Ctrl+C queued just before may still use it.
        /// </remarks>
        public void Dispose()
        {
            _engine?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>-StorePath, else $env:CARBONSPACES_STORE, else null for the per-user default.</summary>
        private string? ResolveStorePath()
        {
            var location = StorePath ?? Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
            return string.IsNullOrWhiteSpace(location) ? null : ResolveStoreLocation(location!);
        }
    }
}
