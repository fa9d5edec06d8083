using System.Collections.Generic;
using System.Text;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// XML as text: every text node on its own line with white space collapsed, and attribute
    /// values as "name: value" lines, because data-oriented XML often keeps its values there.
    /// The reader honours the file's own encoding declaration.
    /// </summary>
    internal sealed class XmlExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Xml };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var lines = new FlowTextBuilder();
            var characters = context.CreateCharacterBudget();
            var text = new BoundedXmlText(characters);
            var value = new StringBuilder();
            using (var stream = context.Content.OpenRead())
            using (var reader = SafeXml.CreateReader(stream))
            {
                while (reader.Read())
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Element:
                            AppendAttributes(reader, lines, characters);
                            break;
                        case XmlNodeType.Text:
                        case XmlNodeType.CDATA:
                            value.Clear();
                            text.AppendValue(reader, value);
                            lines.AppendFlowing(value.ToString());
                            lines.EndBlock();
                            break;
                    }
                }
            }

            var segments = new SegmentCollector(context);
            segments.Add(lines.ToString());
            return segments.ToDocument();
        }

        private static void AppendAttributes(XmlReader reader, FlowTextBuilder lines, ExtractionBudget characters)
        {
            while (reader.MoveToNextAttribute())
            {
                if (IsMarkupAttribute(reader))
                {
                    continue;
                }

                characters.Spend(reader.Value.Length);
                lines.AppendFlowing(reader.LocalName + ": " + reader.Value);
                lines.EndBlock();
            }

            reader.MoveToElement();
        }

        /// <summary>Namespace declarations and xml:/xsi: attributes describe the markup, not the content.</summary>
        private static bool IsMarkupAttribute(XmlReader reader) =>
            reader.Prefix == "xmlns"
            || reader.LocalName == "xmlns"
            || reader.NamespaceURI == "http://www.w3.org/XML/1998/namespace"
            || reader.NamespaceURI == "http://www.w3.org/2001/XMLSchema-instance";
    }
}
