using System.Collections.Generic;
using System.Text;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Streams the text of one slide or notes page: each DrawingML paragraph on its own line,
    /// tables as "cell | cell" rows. Slide-number, date, header, footer and slide-image
    /// placeholders are left out: they repeat on every page and say nothing about its content.
    /// </summary>
    internal sealed class SlideTextReader
    {
        private const string A = OpenXmlNamespaces.Drawing;
        private const string P = OpenXmlNamespaces.Presentation;

        private static readonly HashSet<string> BoilerplatePlaceholders = new HashSet<string> { "sldNum", "dt", "hdr", "ftr", "sldImg" };

        private readonly BoundedXmlText _text;
        private readonly StringBuilder _lines = new StringBuilder();
        private readonly Stack<TableTextBuilder> _tables = new Stack<TableTextBuilder>();
        private StringBuilder? _paragraph;
        private bool _inBoilerplateShape;

        public SlideTextReader(BoundedXmlText text)
        {
            _text = text;
        }

        public string Read(XmlReader reader)
        {
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (OpenXmlNamespaces.IsFallback(reader))
                {
                    reader.Skip();
                    continue;
                }

                if (reader.NodeType == XmlNodeType.Element)
                {
                    var isEmpty = reader.IsEmptyElement;
                    var name = reader.LocalName;
                    var ns = reader.NamespaceURI;
                    Start(reader);
                    if (isEmpty)
                    {
                        End(name, ns);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    End(reader.LocalName, reader.NamespaceURI);
                }

                reader.Read();
            }

            return _lines.ToString();
        }

        private void Start(XmlReader reader)
        {
            if (reader.NamespaceURI == P)
            {
                if (reader.LocalName == "sp")
                {
                    _inBoilerplateShape = false;
                }
                else if (reader.LocalName == "ph")
                {
                    _inBoilerplateShape = BoilerplatePlaceholders.Contains(reader.GetAttribute("type") ?? string.Empty);
                }

                return;
            }

            if (reader.NamespaceURI != A || _inBoilerplateShape)
            {
                return;
            }

            switch (reader.LocalName)
            {
                case "p":
                    _paragraph = new StringBuilder();
                    break;
                case "tbl":
                    _tables.Push(new TableTextBuilder());
                    break;
                case "t" when _paragraph != null:
                    _text.AppendElementText(reader, _paragraph);
                    break;
                case "br" when _paragraph != null:
                    _text.AppendMarkupCharacter(_paragraph, '\n');
                    break;
            }
        }

        private void End(string name, string ns)
        {
            if (ns == P && name == "sp")
            {
                _inBoilerplateShape = false;
                return;
            }

            if (ns != A)
            {
                return;
            }

            switch (name)
            {
                case "p" when _paragraph != null:
                    AddLine(_paragraph.ToString().Trim());
                    _paragraph = null;
                    break;
                case "tc" when _tables.Count > 0:
                    _tables.Peek().EndCell();
                    break;
                case "tr" when _tables.Count > 0:
                    _tables.Peek().EndRow();
                    break;
                case "tbl" when _tables.Count > 0:
                    AddLine(_tables.Pop().ToString().TrimEnd());
                    break;
            }
        }

        private void AddLine(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (_tables.Count > 0)
            {
                _tables.Peek().AppendToCell(text);
            }
            else
            {
                _lines.Append(text).Append('\n');
            }
        }
    }
}
