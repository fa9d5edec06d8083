using System.IO;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Opens the XML parts of one Open XML document for streaming, every part drawing on the same
    /// budgets of inflated bytes and text characters. Parts are never loaded as a DOM: a part can
    /// be gigabytes of XML.
    /// </summary>
    internal sealed class OfficePartReader
    {
        private readonly ExtractionBudget _unpackedBytes;

        public OfficePartReader(ExtractionContext context)
        {
            _unpackedBytes = context.CreateUnpackedByteBudget();
            Text = new BoundedXmlText(context.CreateCharacterBudget());
        }

        public BoundedXmlText Text { get; }

        public Stream Open(OpenXmlPart part) =>
            new BoundedReadStream(part.GetStream(FileMode.Open, FileAccess.Read), _unpackedBytes);

        /// <summary>
        /// Moves to a main part's root element and fails unless it is the expected one: the SDK
        /// happily opens a presentation renamed to .docx, whose "document" is then a presentation.
        /// </summary>
        public static void MoveToRoot(XmlReader reader, string ns, string localName)
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != localName || reader.NamespaceURI != ns)
            {
                throw new InvalidDataException($"its main part is <{reader.LocalName}>, not <{localName}>");
            }
        }
    }
}
