using System.IO;
using System.Linq;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    /// <summary>Runs the real extractor over a sample the way the ingest pipeline does.</summary>
    public static class SampleExtraction
    {
        public static ExtractedDocument Run(string path, ExtractionLimits? limits = null, string? contentType = null, CancellationToken cancellation = default) =>
            new DocumentExtractor().Extract(path, Path.GetFileName(path), contentType, limits ?? ExtractionLimits.Default, cancellation);

        /// <summary>The document text as the chunker sees it: segments joined by a blank line.</summary>
        public static string AllText(ExtractedDocument document) => string.Join("\n\n", document.Segments.Select(segment => segment.Text));

        public static CarbonSpacesException Failure(string path, ExtractionLimits? limits = null, string? contentType = null) =>
            Assert.Throws<CarbonSpacesException>(() => Run(path, limits, contentType));
    }
}
