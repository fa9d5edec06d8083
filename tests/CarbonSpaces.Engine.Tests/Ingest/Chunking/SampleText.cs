using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Tests.Ingest.Chunking
{
    /// <summary>Deterministic text for chunking tests: the same seed always gives the same document.</summary>
    internal static class SampleText
    {
        private static readonly string[] Words =
        {
            "the", "bucket", "holds", "quarterly", "reports", "and", "invoices", "for", "every", "region", "sync",
            "keeps", "a", "local", "index", "so", "search", "answers", "quickly", "without", "network", "calls",
            "documents", "arrive", "as", "pdf", "docx", "csv", "or", "markdown", "files", "with", "headings",
        };

        public static string Sentence(Random random)
        {
            var sentence = new StringBuilder();
            int words = random.Next(6, 16);
            for (int i = 0; i < words; i++)
            {
                string word = Words[random.Next(Words.Length)];
                sentence.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word.Substring(1) : " " + word);
            }

            return sentence.Append('.').ToString();
        }

        public static string Paragraph(Random random, int sentences) =>
            string.Join(" ", Enumerable.Range(0, sentences).Select(_ => Sentence(random)));

        public static string Paragraphs(int seed, int paragraphs, int sentencesPerParagraph)
        {
            var random = new Random(seed);
            return string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(_ => Paragraph(random, sentencesPerParagraph)));
        }

        public static IReadOnlyList<ExtractedSegment> AsDocument(params string[] texts) =>
            texts.Select(text => new ExtractedSegment(text)).ToList();

        /// <summary>The text chunk offsets refer to: the segments joined by a blank line.</summary>
        public static string DocumentText(IReadOnlyList<ExtractedSegment> segments) =>
            string.Join("\n\n", segments.Select(segment => segment.Text));
    }
}
