using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// The visible text of an RTF document. No RTF library is served to this project, so this is a
    /// small reader of our own, written from the RTF 1.9.1 specification and bounded: it walks the
    /// bytes once, keeps one state per open group (at most MaxGroupDepth of them), skips the
    /// destinations that are not body text (font and colour tables, pictures, objects, headers,
    /// field instructions …), and decodes \'hh bytes in the document's code page and \uN characters.
    /// </summary>
    internal sealed class RtfReader
    {
        /// <summary>Word nests a few dozen groups at most; thousands are a hostile file (and deeper state costs memory).</summary>
        private const int MaxGroupDepth = 1_000;

        /// <summary>Destinations whose content is not text a reader sees.</summary>
        private static readonly HashSet<string> SkippedDestinations = new HashSet<string>(StringComparer.Ordinal)
        {
            "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata", "header", "headerl", "headerr", "headerf",
            "footer", "footerl", "footerr", "footerf", "fldinst", "listtable", "listoverridetable", "rsidtbl", "generator",
            "themedata", "colorschememapping", "datastore", "latentstyles", "xmlnstbl", "filetbl", "revtbl", "pgdsctbl",
            "bkmkstart", "bkmkend", "private", "xe", "tc", "template", "nonshppict",
        };

        private readonly byte[] _rtf;
        private readonly ExtractionBudget _characters;
        private readonly StringBuilder _text = new StringBuilder();
        private readonly List<byte> _pendingBytes = new List<byte>();
        private Encoding _codePage = TextEncodings.Windows1252;
        private int _position;

        public RtfReader(byte[] rtf, ExtractionBudget characters)
        {
            _rtf = rtf;
            _characters = characters;
        }

        /// <exception cref="InvalidDataException">When the file is not RTF, or nests groups deeper than any real document.</exception>
        public string Read(System.Threading.CancellationToken cancellation)
        {
            if (!StartsWith("{\\rtf"))
            {
                throw new InvalidDataException("it does not start with {\\rtf");
            }

            var groups = new Stack<Group>();
            var current = new Group(skip: false, unicodeSkip: 1);
            var skipAfterUnicode = 0;
            while (_position < _rtf.Length)
            {
                if ((_position & 0xFFFF) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                var b = _rtf[_position++];
                switch (b)
                {
                    case (byte)'{':
                        if (groups.Count >= MaxGroupDepth)
                        {
                            throw new InvalidDataException($"it nests groups more than {MaxGroupDepth} deep");
                        }

                        groups.Push(current);
                        current = new Group(current.Skip, current.UnicodeSkip);
                        break;
                    case (byte)'}':
                        FlushBytes();
                        current = groups.Count > 0 ? groups.Pop() : current;
                        break;
                    case (byte)'\\':
                        ReadControl(ref current, ref skipAfterUnicode);
                        break;
                    case (byte)'\r':
                    case (byte)'\n':
                        break;
                    default:
                        if (skipAfterUnicode > 0)
                        {
                            skipAfterUnicode--;
                        }
                        else if (!current.Skip)
                        {
                            _pendingBytes.Add(b);
                        }

                        break;
                }
            }

            FlushBytes();
            return _text.ToString();
        }

        private void ReadControl(ref Group current, ref int skipAfterUnicode)
        {
            if (_position >= _rtf.Length)
            {
                return;
            }

            var next = _rtf[_position];
            if (!IsLetter(next))
            {
                _position++;
                ReadSymbol(next, ref current, ref skipAfterUnicode);
                return;
            }

            var word = ReadWord();
            var parameter = ReadParameter();
            if (_position < _rtf.Length && _rtf[_position] == ' ')
            {
                _position++;
            }

            if (SkippedDestinations.Contains(word))
            {
                current.Skip = true;
                return;
            }

            switch (word)
            {
                case "bin" when parameter.HasValue:
                    // Raw bytes (picture data) that may hold anything, braces included.
                    _position = (int)Math.Min(_rtf.Length, (long)_position + Math.Max(0, parameter.Value));
                    break;
                case "ansicpg" when parameter.HasValue:
                    _codePage = CodePage(parameter.Value);
                    break;
                case "uc" when parameter.HasValue:
                    current.UnicodeSkip = Math.Max(0, parameter.Value);
                    break;
                case "u" when parameter.HasValue:
                    if (!current.Skip)
                    {
                        // \uN is a signed 16-bit value: characters above 32767 are written negative.
                        Append(((char)(ushort)(short)parameter.Value).ToString());
                    }

                    skipAfterUnicode = current.UnicodeSkip;
                    break;
                case "par":
                case "line":
                case "sect":
                case "page":
                case "row":
                    Append("\n", current);
                    break;
                case "tab":
                    Append("\t", current);
                    break;
                case "cell":
                    Append(" | ", current);
                    break;
                case "emdash":
                    Append("\u2014", current);
                    break;
                case "endash":
                    Append("\u2013", current);
                    break;
                case "bullet":
                    Append("\u2022", current);
                    break;
                case "lquote":
                    Append("\u2018", current);
                    break;
                case "rquote":
                    Append("\u2019", current);
                    break;
                case "ldblquote":
                    Append("\u201C", current);
                    break;
                case "rdblquote":
                    Append("\u201D", current);
                    break;
            }
        }

        private void ReadSymbol(byte symbol, ref Group current, ref int skipAfterUnicode)
        {
            switch (symbol)
            {
                case (byte)'\'':
                    if (_position + 2 <= _rtf.Length && byte.TryParse(Encoding.ASCII.GetString(_rtf, _position, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
                    {
                        _position += 2;
                        if (skipAfterUnicode > 0)
                        {
                            skipAfterUnicode--;
                        }
                        else if (!current.Skip)
                        {
                            _pendingBytes.Add(value);
                        }
                    }

                    break;
                case (byte)'*':
                    // An optional destination a reader may not know: it is never body text.
                    current.Skip = true;
                    break;
                case (byte)'~':
                    Append("\u00A0", current);
                    break;
                case (byte)'_':
                    Append("\u2011", current);
                    break;
                case (byte)'\\':
                case (byte)'{':
                case (byte)'}':
                    if (!current.Skip)
                    {
                        _pendingBytes.Add(symbol);
                    }

                    break;
                case (byte)'\r':
                case (byte)'\n':
                    Append("\n", current);
                    break;
            }
        }

        private void Append(string text, Group current)
        {
            if (!current.Skip)
            {
                Append(text);
            }
        }

        private void Append(string text)
        {
            FlushBytes();
            _characters.Spend(text.Length);
            _text.Append(text);
        }

        /// <summary>Bytes of the code page are gathered first, so a double-byte character split over two \'hh is decoded whole.</summary>
        private void FlushBytes()
        {
            if (_pendingBytes.Count == 0)
            {
                return;
            }

            var decoded = _codePage.GetString(_pendingBytes.ToArray());
            _pendingBytes.Clear();
            _characters.Spend(decoded.Length);
            _text.Append(decoded);
        }

        private string ReadWord()
        {
            var start = _position;
            while (_position < _rtf.Length && IsLetter(_rtf[_position]) && _position - start < 32)
            {
                _position++;
            }

            return Encoding.ASCII.GetString(_rtf, start, _position - start);
        }

        private int? ReadParameter()
        {
            var start = _position;
            if (_position < _rtf.Length && _rtf[_position] == '-')
            {
                _position++;
            }

            while (_position < _rtf.Length && _rtf[_position] >= '0' && _rtf[_position] <= '9' && _position - start < 11)
            {
                _position++;
            }

            return int.TryParse(Encoding.ASCII.GetString(_rtf, start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : (int?)null;
        }

        private bool StartsWith(string prefix) =>
            _rtf.Length >= prefix.Length && Encoding.ASCII.GetString(_rtf, 0, prefix.Length) == prefix;

        private static bool IsLetter(byte b) => (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');

        private static Encoding CodePage(int number)
        {
            try
            {
                return CodePagesEncodingProvider.Instance.GetEncoding(number) ?? Encoding.GetEncoding(number);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                return TextEncodings.Windows1252;
            }
        }

        /// <summary>What an open group inherits and may change: whether its text is skipped, and how many fallback characters follow \uN.</summary>
        private sealed class Group
        {
            public Group(bool skip, int unicodeSkip)
            {
                Skip = skip;
                UnicodeSkip = unicodeSkip;
            }

            public bool Skip { get; set; }

            public int UnicodeSkip { get; set; }
        }
    }
}
