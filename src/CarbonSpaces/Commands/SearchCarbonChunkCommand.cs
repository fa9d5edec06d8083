using System;
using System.Collections;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Commands
{
    /// <summary>Retrieves the chunks that best answer a query.</summary>
    [Cmdlet(VerbsCommon.Search, "CarbonChunk")]
    [OutputType(typeof(SearchResult))]
    public sealed class SearchCarbonChunkCommand : CarbonCmdlet
    {
        /// <summary>What to look for, in plain words; quotes and operators are searched as text.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public string Query { get; set; } = string.Empty;

        /// <summary>How many chunks to return (default 10).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Top { get; set; } = 10;

        /// <summary>Keyword (BM25, default); Vector and Hybrid need embeddings.</summary>
        [Parameter]
        [ValidateSet("Keyword", "Vector", "Hybrid")]
        public string Mode { get; set; } = "Keyword";

        /// <summary>For -Mode Hybrid: the weight of vector similarity against keyword score (0–1). Not supported yet: refused with CarbonSpaces.ParameterNotSupported until embeddings exist.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double SemanticWeight { get; set; } = 0.5;

        /// <summary>Only chunks of files carrying every one of these tags.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Only chunks of these files.</summary>
        [Parameter]
        public long[]? FileId { get; set; }

        /// <summary>Only chunks of files from these data sources.</summary>
        [Parameter]
        public long[]? DataSourceId { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var query = new SearchQuery
                {
                    Text = Query,
                    Top = Top,
                    Mode = (SearchMode)Enum.Parse(typeof(SearchMode), Mode, ignoreCase: true),
                    SemanticWeight = MyInvocation.BoundParameters.ContainsKey(nameof(SemanticWeight)) ? SemanticWeight : (double?)null,
                    Tags = Tag == null ? null : TagParameter.Parse(Tag, nameof(Tag)),
                    FileIds = FileId,
                    DataSourceIds = DataSourceId,
                };

                foreach (var hit in Engine.Search.Search(query))
                {
                    WriteObject(new SearchResult(hit));
                }
            }
            catch (CarbonSpacesException ex)
            {
                WriteFailure(ex);
            }
        }

        /// <summary>Once, not for every piped query: ids asked for by number that do not exist.</summary>
        protected override void EndProcessing()
        {
            WriteUnknownIds(RecordKind.File, FileId);
            WriteUnknownIds(RecordKind.DataSource, DataSourceId);
        }
    }
}
