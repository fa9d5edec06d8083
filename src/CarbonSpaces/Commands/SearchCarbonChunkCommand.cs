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

        /// <summary>
        /// Keyword (BM25), Vector (meaning: cosine similarity of embeddings) or Hybrid (both rankings fused).
        /// Default: Hybrid when the store holds vectors of the current embedding model, else Keyword.
        /// </summary>
        [Parameter]
        [ValidateSet("Keyword", "Vector", "Hybrid")]
        public string? Mode { get; set; }

        /// <summary>For -Mode Hybrid: the weight of the vector ranking against the keyword ranking (0–1, default 0.5).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double SemanticWeight { get; set; } = 0.5;

        /// <summary>Re-order the top results through the reranking service set with Set-CarbonRerankService.</summary>
        [Parameter]
        public SwitchParameter Rerank { get; set; }

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
                    Mode = Mode == null ? (SearchMode?)null : (SearchMode)Enum.Parse(typeof(SearchMode), Mode, ignoreCase: true),
                    SemanticWeight = SemanticWeight,
                    Rerank = Rerank,
                    Tags = Tag == null ? null : TagParameter.Parse(Tag, nameof(Tag)),
                    FileIds = FileId,
                    DataSourceIds = DataSourceId,
                };

                foreach (var hit in Run((_, token) => Engine.Retriever.SearchAsync(query, token)))
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
