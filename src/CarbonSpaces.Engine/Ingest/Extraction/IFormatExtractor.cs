using System.Collections.Generic;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Turns the formats it declares into an <see cref="ExtractedDocument"/>. Asynchronous because
    /// some extractors wait on external tools and services; extractors keep no state between
    /// files, so one instance serves every thread.
    /// </summary>
    internal interface IFormatExtractor
    {
        /// <summary>The format codes (see <see cref="FormatCatalog"/>) this extractor reads.</summary>
        IReadOnlyCollection<string> Formats { get; }

        /// <summary>
        /// Reads the file in <paramref name="context"/>. Content problems may surface as any parser
        /// exception; <see cref="DocumentExtractor"/> reports those as CarbonSpaces.CorruptFile.
        /// </summary>
        Task<ExtractedDocument> ExtractAsync(ExtractionContext context);
    }
}
