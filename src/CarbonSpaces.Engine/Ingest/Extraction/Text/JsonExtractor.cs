using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// JSON flattened to "path: value" lines (a.b[0].c: value), so every value keeps the names that
    /// give it meaning. A top-level array is a list of records: one record segment per element.
    /// </summary>
    internal sealed class JsonExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Json };

        /// <summary>Real files carry comments and trailing commas more often than the standard allows.</summary>
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 256,
        };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);

            // Paths are repeated on every line, so the flattened text can outgrow the file many times over.
            var flattened = context.CreateCharacterBudget();
            using (var document = JsonDocument.Parse(TextFileReader.ReadAll(context), Options))
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in root.EnumerateArray())
                    {
                        context.Cancellation.ThrowIfCancellationRequested();
                        segments.Add(Flatten(element, flattened), isRecord: true);
                    }
                }
                else
                {
                    segments.Add(Flatten(root, flattened));
                }
            }

            return segments.ToDocument();
        }

        private static string Flatten(JsonElement element, ExtractionBudget flattened)
        {
            var lines = new StringBuilder();
            AppendLines(element, string.Empty, lines, flattened);
            return lines.ToString();
        }

        private static void AppendLines(JsonElement element, string path, StringBuilder lines, ExtractionBudget flattened)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        AppendLines(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, lines, flattened);
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        AppendLines(item, path + "[" + index++ + "]", lines, flattened);
                    }

                    break;
                default:
                    var value = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
                    var line = path.Length > 0 ? path + ": " + value : value;
                    flattened.Spend(line.Length);
                    if (lines.Length > 0)
                    {
                        lines.Append('\n');
                    }

                    lines.Append(line);
                    break;
            }
        }
    }
}
