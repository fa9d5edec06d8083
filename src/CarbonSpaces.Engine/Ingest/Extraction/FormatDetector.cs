using System;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Extraction.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Decides which format a file is in: by its extension when that is one CarbonSpaces knows,
    /// otherwise by its leading bytes, then its Content-Type, then whether it reads as text.
    /// </summary>
    public sealed class FormatDetector
    {
        /// <summary>Longer "extensions" are usually part of a name ("Minutes.final draft").</summary>
        private const int LongestExtension = 12;

        /// <summary>
        /// The format code of a file, upper case without a dot (TXT, DOCX, PDF …); the upper-cased
        /// extension, or "" when there is none, for content nothing recognises.
        /// </summary>
        public string Detect(string fileName, string? contentType, FileContent content)
        {
            if (fileName == null)
            {
                throw new ArgumentNullException(nameof(fileName));
            }

            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            var fromName = FormatOf(fileName);
            if (FormatCatalog.IsKnown(fromName))
            {
                return fromName;
            }

            var head = new byte[TextSniffer.SampleSizeFor(content.Length)];
            int count;
            using (var stream = content.OpenRead())
            {
                count = TextFileReader.ReadUpTo(stream, head);
            }

            var fromContent = ContentSignatures.Recognise(head, count, content) ?? ContentTypes.FormatOf(contentType);
            if (fromContent != null)
            {
                return fromContent;
            }

            return count == 0 || TextSniffer.LooksLikeText(head, count, TextSniffer.GuessEncoding(head, count))
                ? FormatCatalog.Txt
                : fromName;
        }

        /// <summary>
        /// The format code a file name announces, from its extension alone (for listings, where the
        /// content is not at hand): HTML for .htm, otherwise the upper-cased extension, or "" when
        /// the name has none.
        /// </summary>
        public static string FormatOf(string fileName)
        {
            if (fileName == null)
            {
                throw new ArgumentNullException(nameof(fileName));
            }

            var name = fileName.Substring(fileName.LastIndexOfAny(new[] { '/', '\\' }) + 1);
            var dot = name.LastIndexOf('.');
            if (dot <= 0)
            {
                return string.Empty;
            }

            var extension = name.Substring(dot + 1);
            var looksLikeExtension = extension.Length > 0
                && extension.Length <= LongestExtension
                && extension.All(char.IsLetterOrDigit)
                && extension.Any(char.IsLetter);
            return looksLikeExtension ? FormatCatalog.Normalize(extension) : string.Empty;
        }
    }
}
