using System.Collections.Generic;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// Splits delimited text into records as RFC 4180 describes: quoted fields may hold the
    /// delimiter, line breaks and doubled quotes. It is lenient the way spreadsheet programs are:
    /// a quote inside an unquoted field is literal, text after a closing quote is kept, and an
    /// unterminated quote runs to the end of the text.
    /// </summary>
    internal sealed class DelimitedTextReader
    {
        private readonly string _text;
        private readonly char _delimiter;
        private readonly StringBuilder _field = new StringBuilder();
        private int _position;

        public DelimitedTextReader(string text, char delimiter)
        {
            _text = text;
            _delimiter = delimiter;
        }

        /// <summary>The next record's fields, or null when the text is exhausted.</summary>
        public IReadOnlyList<string>? ReadRecord()
        {
            if (_position >= _text.Length)
            {
                return null;
            }

            var fields = new List<string>();
            while (true)
            {
                fields.Add(ReadField());
                if (_position >= _text.Length)
                {
                    return fields;
                }

                var separator = _text[_position++];
                if (separator == _delimiter)
                {
                    continue;
                }

                if (separator == '\r' && _position < _text.Length && _text[_position] == '\n')
                {
                    _position++;
                }

                return fields;
            }
        }

        /// <summary>Reads one field and stops on the delimiter or line break that ends it.</summary>
        private string ReadField()
        {
            _field.Clear();
            if (_position < _text.Length && _text[_position] == '"')
            {
                _position++;
                ReadQuotedPart();
            }

            while (_position < _text.Length && !EndsField(_text[_position]))
            {
                _field.Append(_text[_position++]);
            }

            return _field.ToString();
        }

        private void ReadQuotedPart()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position++];
                if (c != '"')
                {
                    _field.Append(c);
                }
                else if (_position < _text.Length && _text[_position] == '"')
                {
                    _field.Append('"');
                    _position++;
                }
                else
                {
                    return;
                }
            }
        }

        private bool EndsField(char c) => c == _delimiter || c == '\n' || c == '\r';
    }
}
