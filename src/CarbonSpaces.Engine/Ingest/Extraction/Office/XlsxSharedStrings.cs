using System.Collections.Generic;
using System.Text;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Reads xl/sharedStrings.xml, the table most text cells point into by index. Rich-text runs
    /// are joined; phonetic guides (rPh, the furigana over Japanese text) are not the cell's text.
    /// </summary>
    internal static class XlsxSharedStrings
    {
        private const string S = OpenXmlNamespaces.Spreadsheet;

        public static IReadOnlyList<string> Read(XmlReader reader, BoundedXmlText text)
        {
            var strings = new List<string>();
            var current = new StringBuilder();
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == S)
                {
                    switch (reader.LocalName)
                    {
                        case "rPh":
                            reader.Skip();
                            continue;
                        case "si":
                            current.Clear();
                            if (reader.IsEmptyElement)
                            {
                                strings.Add(string.Empty);
                            }

                            break;
                        case "t":
                            text.AppendElementText(reader, current);
                            break;
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.NamespaceURI == S && reader.LocalName == "si")
                {
                    strings.Add(current.ToString());
                }

                reader.Read();
            }

            return strings;
        }
    }
}
