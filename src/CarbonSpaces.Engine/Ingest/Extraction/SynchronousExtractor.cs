using System.Collections.Generic;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// An extractor that only computes (text, markup, Office documents): it runs on the caller's
    /// worker thread and completes at once.
    /// </summary>
    internal abstract class SynchronousExtractor : IFormatExtractor
    {
        public abstract IReadOnlyCollection<string> Formats { get; }

        public Task<ExtractedDocument> ExtractAsync(ExtractionContext context) => Task.FromResult(Extract(context));

        protected abstract ExtractedDocument Extract(ExtractionContext context);
    }
}
