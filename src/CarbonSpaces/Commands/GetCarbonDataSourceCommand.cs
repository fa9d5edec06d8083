using System.Management.Automation;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Commands
{
    /// <summary>Lists the saved data sources.</summary>
    [Cmdlet(VerbsCommon.Get, "CarbonDataSource")]
    [OutputType(typeof(DataSource))]
    public sealed class GetCarbonDataSourceCommand : CarbonCmdlet
    {
        /// <summary>Only these data source ids.</summary>
        [Parameter]
        public long[]? Id { get; set; }

        /// <summary>Only names matching these wildcards.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only data sources of these customers.</summary>
        [Parameter]
        public string[]? CustomerId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var source in Engine.DataSources.List(Id, Name, CustomerId))
            {
                WriteObject(new DataSource(source));
            }

            WriteUnknownIds(RecordKind.DataSource, Id);
        }
    }
}
