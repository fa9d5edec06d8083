using System;
using System.Management.Automation;
using CarbonSpaces.Engine.Events;

namespace CarbonSpaces.Commands
{
    /// <summary>Reads the event log: what was connected, synced, made ready, failed or deleted, and when.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonSyncEvent")]
    [OutputType(typeof(SyncEvent))]
    public sealed class GetCarbonSyncEventCommand : CarbonCmdlet
    {
        /// <summary>Only events at or after this time.</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Only events of these types.</summary>
        [Parameter]
        [ValidateSet("ADD", "UPDATE", "REVOKE", "ITEMS_SYNCED", "FILES_CREATED", "FILE_READY", "FILE_ERROR", "FILE_DELETED")]
        public string[]? Type { get; set; }

        /// <summary>Only events about these files; binds from the Id of Get-CarbonFile output, as Get-CarbonChunk does.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long[]? FileId { get; set; }

        /// <summary>Only events about these data sources.</summary>
        [Parameter]
        public long[]? DataSourceId { get; set; }

        protected override void ProcessRecord()
        {
            var query = new EventQuery
            {
                Since = Since.HasValue ? new DateTimeOffset(Since.Value.ToUniversalTime()) : (DateTimeOffset?)null,
                Types = Type,
                FileIds = FileId,
                DataSourceIds = DataSourceId,
            };

            foreach (var syncEvent in Engine.Events.Query(query))
            {
                WriteObject(new SyncEvent(syncEvent));
            }
        }
    }
}
