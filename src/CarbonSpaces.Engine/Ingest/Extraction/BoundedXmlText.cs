using System.Text;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Reads text out of an <see cref="XmlReader"/> in small chunks, charging every character to a
    /// budget, so a single gigantic text node (a favourite of zip bombs) is stopped at the limit
    /// instead of being materialised as one string.
    /// </summary>
    internal sealed class BoundedXmlText
    {
        private readonly ExtractionBudget _characters;
        private readonly char[] _buffer = new char[4096];

        public BoundedXmlText(ExtractionBudget characters)
        {
            _characters = characters;
        }

        /// <summary>Appends the value of the text, CDATA or white-space node the reader is on.</summary>
        public void AppendValue(XmlReader reader, StringBuilder target)
        {
            int read;
            while ((read = reader.ReadValueChunk(_buffer, 0, _buffer.Length)) > 0)
            {
                _characters.Spend(read);
                target.Append(_buffer, 0, read);
            }
        }

        /// <summary>Appends a character that markup stands for (a tab or line-break element), charging it too.</summary>
        public void AppendMarkupCharacter(StringBuilder target, char character)
        {
            _characters.Spend(1);
            target.Append(character);
        }

        /// <summary>
        /// Appends all text inside the element the reader is on (a w:t or a:t run) and leaves the
        /// reader on that element's end tag.
        /// </summary>
        public void AppendElementText(XmlReader reader, StringBuilder target)
        {
            if (reader.IsEmptyElement)
            {
                return;
            }

            var depth = reader.Depth;
            while (reader.Read() && reader.Depth > depth)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        AppendValue(reader, target);
                        break;
                }
            }
        }
    }
}
