using System;
using System.Collections;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Commands
{
    /// <summary>Lists synced files; every filter runs in the store.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonFile", SupportsPaging = true)]
    [OutputType(typeof(File))]
    public sealed class GetCarbonFileCommand : CarbonCmdlet
    {
        /// <summary>Only these file ids.</summary>
        [Parameter]
        [Alias("FileId")]
        public long[]? Id { get; set; }

        /// <summary>Only files of these data sources.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public long[]? DataSourceId { get; set; }

        /// <summary>Only files in these statuses.</summary>
        [Parameter]
        [ValidateSet("QUEUED_FOR_SYNC", "SYNCING", "READY", "SYNC_ERROR", "EVALUATING_RESYNC", "RATE_LIMITED")]
        public string[]? Status { get; set; }

        /// <summary>Only files carrying every one of these tags.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Only files whose name matches one of these wildcards.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only files of these buckets.</summary>
        [Parameter]
        [Alias("BucketName")]
        public string[]? Bucket { get; set; }

        /// <summary>Only files of these object keys.</summary>
        [Parameter]
        public string[]? Key { get; set; }

        /// <summary>The sort order: UpdatedAt (default), CreatedAt, Name, Size or Id.</summary>
        [Parameter]
        [ValidateSet("UpdatedAt", "CreatedAt", "Name", "Size", "Id")]
        public string OrderBy { get; set; } = "UpdatedAt";

        /// <summary>Sort in descending order.</summary>
        [Parameter]
        public SwitchParameter Descending { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var query = new FileQuery
                {
                    Ids = Id,
                    DataSourceIds = DataSourceId,
                    Statuses = Status,
                    Tags = Tag == null ? null : TagParameter.Parse(Tag, nameof(Tag)),
                    Names = Name,
                    Buckets = Bucket,
                    Keys = Key,
                    OrderBy = (FileOrder)Enum.Parse(typeof(FileOrder), OrderBy, ignoreCase: true),
                    Descending = Descending,
                    Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
                    First = PagingParameters.First == ulong.MaxValue ? (long?)null : (long)Math.Min(PagingParameters.First, long.MaxValue),
                };

                if (PagingParameters.IncludeTotalCount)
                {
                    WriteObject(PagingParameters.NewTotalCount((ulong)Engine.Files.Count(query), 1.0));
                }

                var files = Engine.Files.Query(query);
                foreach (var file in files)
                {
                    WriteObject(new File(file));
                }

                WriteUnknownIds(RecordKind.File, Id);
                WriteUnknownIds(RecordKind.DataSource, DataSourceId);
            }
            catch (CarbonSpacesException ex)
            {
                WriteFailure(ex);
            }
        }
    }
}
