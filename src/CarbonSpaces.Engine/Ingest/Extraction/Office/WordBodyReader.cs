using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Streams word/document.xml into segments in reading order: one per paragraph (labelled with
    /// the heading it sits under; a heading labels itself) and one per table, rows as
    /// "cell | cell" lines. Text boxes and nested tables are read where they are anchored.
    /// </summary>
    internal sealed class WordBodyReader
    {
        private const string W = OpenXmlNamespaces.Wordprocessing;

        /// <summary>
        /// Elements whose content is never body text: tab-stop definitions (their w:tab would read
        /// as tabs) and the previous formatting recorded by tracked changes.
        /// </summary>
        private static readonly HashSet<string> SkippedElements = new HashSet<string> { "tabs", "pPrChange", "rPrChange" };

        private readonly WordHeadingStyles _headingStyles;
        private readonly SegmentCollector _segments;
        private readonly BoundedXmlText _text;
        private readonly CancellationToken _cancellation;

        /// <summary>A stack because a text box inside a paragraph holds paragraphs of its own.</summary>
        private readonly Stack<Paragraph> _paragraphs = new Stack<Paragraph>();

        private readonly Stack<TableTextBuilder> _tables = new Stack<TableTextBuilder>();
        private string? _heading;

        public WordBodyReader(WordHeadingStyles headingStyles, SegmentCollector segments, BoundedXmlText text, CancellationToken cancellation)
        {
            _headingStyles = headingStyles;
            _segments = segments;
            _text = text;
            _cancellation = cancellation;
        }

        public void Read(XmlReader reader)
        {
            OfficePartReader.MoveToRoot(reader, W, "document");
            while (!reader.EOF)
            {
                if (OpenXmlNamespaces.IsFallback(reader)
                    || (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == W && SkippedElements.Contains(reader.LocalName)))
                {
                    reader.Skip();
                    continue;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == W)
                {
                    var name = reader.LocalName;
                    var isEmpty = reader.IsEmptyElement;
                    Start(reader);
                    if (isEmpty)
                    {
                        End(name);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.NamespaceURI == W)
                {
                    End(reader.LocalName);
                }

                reader.Read();
            }
        }

        private void Start(XmlReader reader)
        {
            var paragraph = _paragraphs.Count > 0 ? _paragraphs.Peek() : null;
            switch (reader.LocalName)
            {
                case "p":
                    _paragraphs.Push(new Paragraph());
                    break;
                case "tbl":
                    _tables.Push(new TableTextBuilder());
                    break;
                case "pStyle" when paragraph != null:
                    paragraph.IsHeading |= _headingStyles.IsHeading(reader.GetAttribute("val", W));
                    break;
                case "outlineLvl" when paragraph != null:
                    paragraph.IsHeading |= WordHeadingStyles.IsHeadingOutlineLevel(WordHeadingStyles.ParseOutlineLevel(reader.GetAttribute("val", W)));
                    break;
                case "t" when paragraph != null:
                    _text.AppendElementText(reader, paragraph.Text);
                    break;
                case "tab" when paragraph != null:
                    _text.AppendMarkupCharacter(paragraph.Text, '\t');
                    break;
                case "br" when paragraph != null:
                case "cr" when paragraph != null:
                    _text.AppendMarkupCharacter(paragraph.Text, '\n');
                    break;
                case "noBreakHyphen" when paragraph != null:
                    _text.AppendMarkupCharacter(paragraph.Text, '-');
                    break;
            }
        }

        private void End(string name)
        {
            switch (name)
            {
                case "p" when _paragraphs.Count > 0:
                    EndParagraph(_paragraphs.Pop());
                    break;
                case "tc" when _tables.Count > 0:
                    _tables.Peek().EndCell();
                    break;
                case "tr" when _tables.Count > 0:
                    _tables.Peek().EndRow();
                    break;
                case "tbl" when _tables.Count > 0:
                    var table = _tables.Pop().ToString();
                    if (_tables.Count > 0)
                    {
                        _tables.Peek().AppendToCell(table);
                    }
                    else
                    {
                        _segments.Add(table, label: _heading);
                    }

                    break;
            }
        }

        private void EndParagraph(Paragraph paragraph)
        {
            _cancellation.ThrowIfCancellationRequested();
            var text = paragraph.Text.ToString().Trim();
            if (text.Length == 0)
            {
                return;
            }

            if (_tables.Count > 0)
            {
                _tables.Peek().AppendToCell(text);
            }
            else if (paragraph.IsHeading)
            {
                _heading = text;
                _segments.Add(text, label: text);
            }
            else
            {
                _segments.Add(text, label: _heading);
            }
        }

        private sealed class Paragraph
        {
            public StringBuilder Text { get; } = new StringBuilder();

            public bool IsHeading { get; set; }
        }
    }
}
