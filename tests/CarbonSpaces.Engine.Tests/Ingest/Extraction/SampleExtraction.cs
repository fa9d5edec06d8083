using System;
using System.IO;
using System.Linq;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    /// <summary>
    /// Runs the real extractor over a sample the way the ingest pipeline does, from the file on
    /// disk (large downloads) and from its bytes in memory (small downloads), and insists that
    /// both give the same document or the same error.
    /// </summary>
    public static class SampleExtraction
    {
        public static ExtractedDocument Run(string path, ExtractionLimits? limits = null, string? contentType = null, CancellationToken cancellation = default, bool useOcr = false)
        {
            var fromFile = Extract(FileContent.FromFile(path), path, limits, contentType, cancellation, useOcr);
            var fromMemory = Extract(InMemory(path), path, limits, contentType, cancellation, useOcr);
            Assert.Equal(Describe(fromFile), Describe(fromMemory));
            return fromFile;
        }

        /// <summary>The document text as the chunker sees it: segments joined by a blank line.</summary>
        public static string AllText(ExtractedDocument document) => string.Join("\n\n", document.Segments.Select(segment => segment.Text));

        public static CarbonSpacesException Failure(string path, ExtractionLimits? limits = null, string? contentType = null)
        {
            var fromFile = Assert.Throws<CarbonSpacesException>(() => Extract(FileContent.FromFile(path), path, limits, contentType, default));
            var fromMemory = Assert.Throws<CarbonSpacesException>(() => Extract(InMemory(path), path, limits, contentType, default));
            Assert.Equal((fromFile.ErrorId, fromFile.Message), (fromMemory.ErrorId, fromMemory.Message));
            return fromFile;
        }

        private static ExtractedDocument Extract(FileContent content, string path, ExtractionLimits? limits, string? contentType, CancellationToken cancellation, bool useOcr = false) =>
            new DocumentExtractor().ExtractAsync(content, Path.GetFileName(path), contentType, new ExtractionOptions { Limits = limits ?? ExtractionLimits.Default, UseOcr = useOcr }, cancellation).GetAwaiter().GetResult();

        /// <summary>The file's bytes in a buffer larger than the content, as a pooled download buffer is.</summary>
        private static FileContent InMemory(string path)
        {
            var bytes = File.ReadAllBytes(path);
            var buffer = new byte[bytes.Length + 17];
            bytes.CopyTo(buffer, 0);
            buffer.AsSpan(bytes.Length).Fill(0xAB);
            return FileContent.FromBytes(buffer, bytes.Length);
        }

        private static string Describe(ExtractedDocument document) =>
            document.Format + "|" + document.Title + "|" + string.Join("\u241E", document.Segments.Select(s => $"{s.Page}|{s.IsRecord}|{s.Label}|{s.Text}"));
    }
}
