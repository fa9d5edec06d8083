using System.Management.Automation;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using EngineCopy = CarbonSpaces.Engine.Storage.Copy;

namespace CarbonSpaces.Commands
{
    /// <summary>
    /// Copies a SQLite store, with its files, chunks, vectors, events and settings, into an empty PostgreSQL store:
    /// whole or not at all, ids kept, counts checked before it commits.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "CarbonStore", SupportsShouldProcess = true)]
    [OutputType(typeof(StoreCopy))]
    public sealed class CopyCarbonStoreCommand : CarbonCommand
    {
        /// <summary>The SQLite store file to copy.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = string.Empty;

        /// <summary>The empty PostgreSQL store to fill: postgresql://user@host:port/database or Host=…;Database=…</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string To { get; set; } = string.Empty;

        /// <summary>The user name and password of the PostgreSQL store -To names, instead of PGPASSWORD or the password file.</summary>
        [Parameter]
        [Credential]
        public PSCredential? StoreCredential { get; set; }

        protected override void EndProcessing()
        {
            var from = ResolveStoreLocation(From);
            try
            {
                var credential = StoreCredential?.GetNetworkCredential();
                var target = EngineCopy.StoreCopy.Target(To, credential).Display;
                if (!ShouldProcess(target, $"Copy the store '{from}' into it"))
                {
                    return;
                }

                var result = RunWork((reporter, cancellation) => Task.Run(() => EngineCopy.StoreCopy.Run(from, To, credential, reporter, cancellation)));
                WriteObject(new StoreCopy(result));
            }
            catch (CarbonSpacesException ex)
            {
                Fail(ex);
            }
        }
    }
}
