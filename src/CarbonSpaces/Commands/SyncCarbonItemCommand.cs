using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Commands
{
    /// <summary>Loads every bucket and object of data sources into items, incrementally.</summary>
    [Cmdlet(VerbsData.Sync, "CarbonItem", DefaultParameterSetName = IdSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ItemSyncResult))]
    public sealed class SyncCarbonItemCommand : CarbonCmdlet
    {
        private const string IdSet = "DataSourceId";
        private const string ObjectSet = "DataSource";

        private readonly List<long> _ids = new List<long>();

        /// <summary>Data sources from Get-CarbonDataSource or Connect-CarbonSpace.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [Alias("InputObject")]
        public DataSource[] DataSource { get; set; } = new DataSource[0];

        /// <summary>Data source ids; binds from the DataSourceId of items and files, or the Id of data sources.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("Id")]
        public long[] DataSourceId { get; set; } = new long[0];

        /// <summary>Only these buckets; every bucket the key can list when omitted.</summary>
        [Parameter]
        [Alias("BucketName")]
        [ValidateNotNullOrEmpty]
        public string[]? Bucket { get; set; }

        protected override void ProcessRecord()
        {
            // Collected first: piping many items or files of one data source syncs it once, not once per object.
            _ids.AddRange(ParameterSetName == ObjectSet ? DataSource.Select(d => d.Id) : DataSourceId);
        }

        protected override void EndProcessing()
        {
            foreach (var id in _ids.Distinct())
            {
                foreach (var bucket in Bucket ?? new string?[] { null })
                {
                    Sync(id, bucket);
                }
            }
        }

        private void Sync(long id, string? bucket)
        {
            try
            {
                var source = Engine.DataSources.Get(id);
                var target = bucket == null ? $"{source.Subject}, every bucket" : $"{source.Subject}, bucket '{bucket}'";
                if (!ShouldProcess(target, "Load buckets and objects into items"))
                {
                    return;
                }

                var result = Run((reporter, token) => Engine.ItemSync.SyncAsync(id, bucket, reporter, token));
                WriteObject(new ItemSyncResult(result));
            }
            catch (CarbonSpacesException ex)
            {
                WriteFailure(ex);
            }
        }
    }
}
