using System.Collections.Generic;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest;

namespace CarbonSpaces.Commands
{
    /// <summary>Re-fetches and rebuilds files whose object changed at the source, or every one with -Force.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "CarbonResync", SupportsShouldProcess = true)]
    [OutputType(typeof(File))]
    public sealed class InvokeCarbonResyncCommand : CarbonCmdlet
    {
        private readonly List<long> _ids = new List<long>();

        /// <summary>
        /// The files (-Id works too). Binds from the FileId of items, events and search results, and
        /// from the Id of Get-CarbonFile output: the name comes first so an item's own Id is never taken for a file's.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public long[] FileId { get; set; } = new long[0];

        /// <summary>Rebuild with this many tokens per chunk.</summary>
        [Parameter]
        [ValidateRange(1, 1_000_000)]
        public int? ChunkSize { get; set; }

        /// <summary>Rebuild with this many tokens of overlap.</summary>
        [Parameter]
        [ValidateRange(0, 1_000_000)]
        public int? ChunkOverlap { get; set; }

        /// <summary>Rebuild even when the object did not change.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Rebuild so embeddings are generated again, even for files synced with -SkipEmbeddingGeneration.</summary>
        [Parameter]
        public SwitchParameter ForceEmbeddingGeneration { get; set; }

        /// <summary>HEAD requests, downloads and extractions at once (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ChunkSize.HasValue && ChunkOverlap.HasValue && ChunkOverlap.Value >= ChunkSize.Value)
            {
                Fail(new CarbonSpacesException(
                    "CarbonSpaces.InvalidChunkOverlap",
                    FailureKind.InvalidArgument,
                    $"-ChunkOverlap ({ChunkOverlap}) must be smaller than -ChunkSize ({ChunkSize}).",
                    ChunkOverlap));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (var id in FileId)
            {
                if (ShouldProcess($"file {id}", Force ? "Rebuild from the source" : "Check the source and rebuild if it changed"))
                {
                    _ids.Add(id);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_ids.Count == 0)
            {
                return;
            }

            var request = new ResyncRequest
            {
                ChunkSize = ChunkSize,
                ChunkOverlap = ChunkOverlap,
                Force = Force,
                ForceEmbeddingGeneration = ForceEmbeddingGeneration,
                ThrottleLimit = ThrottleLimit,
            };
            try
            {
                Run(async (reporter, token) =>
                {
                    await Engine.Resync.ResyncAsync(_ids, request, file => Dispatcher.Post(() => WriteObject(new File(file))), reporter, token).ConfigureAwait(false);
                    return true;
                });
            }
            catch (CarbonSpacesException ex)
            {
                WriteFailure(ex);
            }
        }
    }
}
