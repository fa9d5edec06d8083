using System;
using System.Management.Automation;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage;

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
            // Piped input without a file (an item never synced) has nothing to show; without this
            // check its empty FileId would mean "no filter" and list the whole log.
            if (MyInvocation.ExpectingInput && MyInvocation.BoundParameters.ContainsKey(nameof(FileId)) && (FileId == null || FileId.Length == 0))
            {
                return;
            }

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

            // A removed file or a disconnected data source still has its history.
            WriteUnknownIds(RecordKind.File, FileId, includeHistory: true);
            WriteUnknownIds(RecordKind.DataSource, DataSourceId, includeHistory: true);
        }
    }
}
