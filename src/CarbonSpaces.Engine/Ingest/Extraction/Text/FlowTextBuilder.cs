using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// Lays out text the way a browser flows it: runs of white space collapse to one space and a
    /// block boundary starts a new line only if the current one has text. Preformatted text and
    /// explicit line breaks are kept as they are.
    /// </summary>
    internal sealed class FlowTextBuilder
    {
        private readonly StringBuilder _text = new StringBuilder();
        private bool _pendingSpace;

        public void AppendFlowing(string text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    _pendingSpace = true;
                    continue;
                }

                if (_pendingSpace && !AtLineStart)
                {
                    _text.Append(' ');
                }

                _pendingSpace = false;
                _text.Append(c);
            }
        }

        public void AppendPreformatted(string text)
        {
            _pendingSpace = false;
            _text.Append(text.Replace("\r\n", "\n"));
        }

        /// <summary>Appends a separator between inline items (table cells) that sit on one line.</summary>
        public void Separate(string separator)
        {
            if (!AtLineStart)
            {
                _pendingSpace = false;
                _text.Append(separator);
            }
        }

        /// <summary>A forced line break (&lt;br&gt;), even on an empty line.</summary>
        public void BreakLine()
        {
            _pendingSpace = false;
            _text.Append('\n');
        }

        /// <summary>The edge of a block: ends the current line if anything is on it.</summary>
        public void EndBlock()
        {
            _pendingSpace = false;
            if (!AtLineStart)
            {
                _text.Append('\n');
            }
        }

        public override string ToString() => _text.ToString();

        private bool AtLineStart => _text.Length == 0 || _text[_text.Length - 1] == '\n';
    }
}
