using System.IO;
using DocumentFormat.OpenXml.Packaging;

namespace CarbonSpaces.Engine.Ingest.Extraction
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
    }
}
