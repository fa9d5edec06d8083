using System;
using System.IO.Compression;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Refuses a docx, pptx or xlsx whose XML parts claim to unpack to more than
    /// <see cref="ExtractionLimits.MaxUncompressedBytes"/>, reading only the zip's central
    /// directory so nothing is inflated first. Pictures and other media are not counted: they are
    /// never unpacked.
    /// </summary>
    internal static class ZipBombGuard
    {
        public static void CheckDeclaredSizes(ExtractionContext context)
        {
            var limit = context.Limits.MaxUncompressedBytes;
            long declared = 0;
            using (var file = context.Content.OpenRead())
            using (var zip = new ZipArchive(file, ZipArchiveMode.Read))
            {
                foreach (var entry in zip.Entries)
                {
                    if (!IsXmlPart(entry.FullName))
                    {
                        continue;
                    }

                    if (entry.Length > limit - declared)
                    {
                        throw ExtractionErrors.TooMuchUnpackedData(context.FileName, context.Format, limit);
                    }

                    declared += entry.Length;
                }
            }
        }

        private static bool IsXmlPart(string name) =>
            name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);
    }
}
