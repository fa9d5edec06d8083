using System;
using System.Management.Automation;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Commands
{
    /// <summary>Browses the buckets and objects loaded by items sync; every filter runs in the store.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonItem", SupportsPaging = true)]
    [OutputType(typeof(Item))]
    public sealed class GetCarbonItemCommand : CarbonCmdlet
    {
        /// <summary>Only items of these data sources.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public long[]? DataSourceId { get; set; }

        /// <summary>Only items of these buckets.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("BucketName")]
        public string[]? Bucket { get; set; }

        /// <summary>Only objects whose key starts with this.</summary>
        [Parameter]
        [Alias("KeyPrefix")]
        public string? Prefix { get; set; }

        /// <summary>Only items whose name (the last part of the key) matches one of these wildcards.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only buckets, or only objects.</summary>
        [Parameter]
        [ValidateSet("Bucket", "File")]
        public string? Kind { get; set; }

        /// <summary>Only objects of these formats (extensions without the dot: pdf, docx …).</summary>
        [Parameter]
        public string[]? FileFormat { get; set; }

        /// <summary>Only children of these items (the objects of a bucket item).</summary>
        [Parameter]
        public long[]? ParentId { get; set; }

        /// <summary>The sort order: Name (default), Id, LastModified, Size or Key.</summary>
        [Parameter]
        [ValidateSet("Name", "Id", "LastModified", "Size", "Key")]
        public string OrderBy { get; set; } = "Name";

        /// <summary>Sort in descending order.</summary>
        [Parameter]
        public SwitchParameter Descending { get; set; }

        protected override void ProcessRecord()
        {
            var query = new ItemQuery
            {
                DataSourceIds = DataSourceId,
                Buckets = Bucket,
                Prefix = Prefix,
                Names = Name,
                Kind = Kind == null ? (ItemKind?)null : (ItemKind)Enum.Parse(typeof(ItemKind), Kind, ignoreCase: true),
                FileFormats = FileFormat,
                ParentIds = ParentId,
                OrderBy = (ItemOrder)Enum.Parse(typeof(ItemOrder), OrderBy, ignoreCase: true),
                Descending = Descending,
                Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
                First = PagingParameters.First == ulong.MaxValue ? (long?)null : (long)Math.Min(PagingParameters.First, long.MaxValue),
            };

            var items = Engine.Items.Query(query);
            if (PagingParameters.IncludeTotalCount)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)Engine.Items.Count(query), 1.0));
            }

            foreach (var item in items)
            {
                WriteObject(new Item(item));
            }

            WriteUnknownIds(RecordKind.DataSource, DataSourceId);
            WriteUnknownIds(RecordKind.Item, ParentId);
        }
    }
}
