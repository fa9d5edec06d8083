using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Module.Tests
{
    /// <summary>
    /// Reads the hashtable of a .psd1 without PowerShell (none runs here): quoted strings, arrays
    /// (<c>@(...)</c> or comma lists), nested hashtables, <c>$true</c>/<c>$false</c>/<c>$null</c>
    /// and numbers. Anything else (the edition-dependent <c>RootModule = if (...) {...} else {...}</c>)
    /// is kept as its source text, a <see cref="PowerShellExpression"/>.
    /// </summary>
    internal sealed class PowerShellDataFile
    {
        private readonly string _text;
        private int _position;

        private PowerShellDataFile(string text)
        {
            _text = text;
        }

        public static IReadOnlyDictionary<string, object?> Load(string path)
        {
            return Parse(File.ReadAllText(path));
        }

        public static IReadOnlyDictionary<string, object?> Parse(string text)
        {
            var reader = new PowerShellDataFile(text);
            reader.SkipTrivia(includeNewLines: true);
            IReadOnlyDictionary<string, object?> table = reader.ReadHashtable();
            reader.SkipTrivia(includeNewLines: true);
            if (!reader.AtEnd)
            {
                throw reader.Error("text after the closing brace of the manifest hashtable");
            }

            return table;
        }

        /// <summary>A value as a list of strings: a single string becomes a one-item list, $null or absent an empty one.</summary>
        public static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, object?> table, string key)
        {
            if (!table.TryGetValue(key, out object? value) || value is null)
            {
                return Array.Empty<string>();
            }

            if (value is string single)
            {
                return new[] { single };
            }

            if (value is IReadOnlyList<object?> list)
            {
                return list.Select(item => item as string ?? throw new FormatException($"{key} holds a value that is not a string: {item}")).ToArray();
            }

            throw new FormatException($"{key} is not a string or a list of strings: {value}");
        }

        private bool AtEnd => _position >= _text.Length;

        private char Current => _text[_position];

        private IReadOnlyDictionary<string, object?> ReadHashtable()
        {
            Expect("@{");
            var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipTrivia(includeNewLines: true);
                while (!AtEnd && Current == ';')
                {
                    _position++;
                    SkipTrivia(includeNewLines: true);
                }

                if (AtEnd)
                {
                    throw Error("end of file inside a hashtable");
                }

                if (Current == '}')
                {
                    _position++;
                    return table;
                }

                string key = ReadKey();
                SkipTrivia(includeNewLines: false);
                Expect("=");
                SkipTrivia(includeNewLines: true);
                table[key] = ReadStatementValue();
            }
        }

        private string ReadKey()
        {
            if (Current == '\'' || Current == '"')
            {
                return ReadString();
            }

            int start = _position;
            while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_' || Current == '-' || Current == '.'))
            {
                _position++;
            }

            if (start == _position)
            {
                throw Error("a hashtable key");
            }

            return _text.Substring(start, _position - start);
        }

        // A value up to the end of its statement: a comma list becomes an array.
        private object? ReadStatementValue()
        {
            int start = _position;
            if (StartsExpression())
            {
                return ReadExpression(start);
            }

            object? first = ReadValue();
            SkipTrivia(includeNewLines: false);
            if (AtEnd || Current != ',')
            {
                return first;
            }

            var items = new List<object?> { first };
            while (!AtEnd && Current == ',')
            {
                _position++;
                SkipTrivia(includeNewLines: true);
                items.Add(ReadValue());
                SkipTrivia(includeNewLines: false);
            }

            return items;
        }

        private object? ReadValue()
        {
            if (AtEnd)
            {
                throw Error("a value");
            }

            if (Matches("@{"))
            {
                return ReadHashtable();
            }

            if (Matches("@("))
            {
                return ReadArray();
            }

            if (Current == '\'' || Current == '"')
            {
                return ReadString();
            }

            if (Current == '$')
            {
                string variable = ReadWord(skipFirst: true);
                switch (variable.ToLowerInvariant())
                {
                    case "true":
                        return true;
                    case "false":
                        return false;
                    case "null":
                        return null;
                    default:
                        throw Error($"a constant, not the variable ${variable}");
                }
            }

            if (char.IsDigit(Current) || Current == '-')
            {
                string number = ReadWord(skipFirst: false);
                if (long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer))
                {
                    return integer;
                }

                if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
                {
                    return real;
                }

                throw Error($"a number, not '{number}'");
            }

            throw Error($"a value, not '{Current}'");
        }

        private IReadOnlyList<object?> ReadArray()
        {
            Expect("@(");
            var items = new List<object?>();
            while (true)
            {
                SkipTrivia(includeNewLines: true);
                while (!AtEnd && (Current == ',' || Current == ';'))
                {
                    _position++;
                    SkipTrivia(includeNewLines: true);
                }

                if (AtEnd)
                {
                    throw Error("end of file inside @( )");
                }

                if (Current == ')')
                {
                    _position++;
                    return items;
                }

                items.Add(ReadValue());
            }
        }

        private string ReadString()
        {
            char quote = Current;
            _position++;
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("the end of a quoted string");
                }

                char c = Current;
                _position++;
                if (c == quote)
                {
                    if (!AtEnd && Current == quote)
                    {
                        value.Append(quote);
                        _position++;
                        continue;
                    }

                    return value.ToString();
                }

                if (quote == '"' && c == '`' && !AtEnd)
                {
                    value.Append(Current);
                    _position++;
                    continue;
                }

                value.Append(c);
            }
        }

        // Statements such as if/else are kept as text; the end is the first newline or ';' outside
        // brackets that is not followed by else/elseif.
        private bool StartsExpression()
        {
            string word = PeekWord();
            return word.Equals("if", StringComparison.OrdinalIgnoreCase) || word.Equals("switch", StringComparison.OrdinalIgnoreCase);
        }

        private PowerShellExpression ReadExpression(int start)
        {
            int depth = 0;
            while (!AtEnd)
            {
                char c = Current;
                if (c == '\'' || c == '"')
                {
                    ReadString();
                    continue;
                }

                if (c == '(' || c == '{' || c == '[')
                {
                    depth++;
                }
                else if (c == ')' || c == '}' || c == ']')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (depth == 0 && (c == '\n' || c == ';'))
                {
                    int resume = _position;
                    _position++;
                    SkipTrivia(includeNewLines: true);
                    string next = PeekWord();
                    if (next.Equals("else", StringComparison.OrdinalIgnoreCase) || next.Equals("elseif", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    _position = resume;
                    break;
                }

                _position++;
            }

            return new PowerShellExpression(_text.Substring(start, _position - start).Trim());
        }

        private string PeekWord()
        {
            int position = _position;
            while (position < _text.Length && char.IsLetter(_text[position]))
            {
                position++;
            }

            return _text.Substring(_position, position - _position);
        }

        private string ReadWord(bool skipFirst)
        {
            int start = skipFirst ? _position + 1 : _position;
            _position = start;
            while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '.' || Current == '_' || Current == '-' || Current == '+'))
            {
                _position++;
            }

            return _text.Substring(start, _position - start);
        }

        private void SkipTrivia(bool includeNewLines)
        {
            while (!AtEnd)
            {
                char c = Current;
                if (c == '\n' || c == '\r')
                {
                    if (!includeNewLines)
                    {
                        return;
                    }

                    _position++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    _position++;
                }
                else if (Matches("<#"))
                {
                    int end = _text.IndexOf("#>", _position + 2, StringComparison.Ordinal);
                    _position = end < 0 ? _text.Length : end + 2;
                }
                else if (c == '#')
                {
                    while (!AtEnd && Current != '\n')
                    {
                        _position++;
                    }
                }
                else if (c == '`' && _position + 1 < _text.Length && (_text[_position + 1] == '\n' || _text[_position + 1] == '\r'))
                {
                    // line continuation
                    _position += 2;
                }
                else
                {
                    return;
                }
            }
        }

        private bool Matches(string token) => string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0;

        private void Expect(string token)
        {
            if (!Matches(token))
            {
                throw Error($"'{token}'");
            }

            _position += token.Length;
        }

        private FormatException Error(string expected)
        {
            int line = 1 + _text.Take(Math.Min(_position, _text.Length)).Count(c => c == '\n');
            return new FormatException($"psd1 line {line}: expected {expected}.");
        }
    }

    /// <summary>A manifest value kept as PowerShell source text because it is evaluated when imported.</summary>
    internal sealed class PowerShellExpression
    {
        public PowerShellExpression(string text)
        {
            Text = text;
        }

        public string Text { get; }

        /// <summary>Every quoted string literal in the expression, in order.</summary>
        public IReadOnlyList<string> StringLiterals()
        {
            var literals = new List<string>();
            int i = 0;
            while (i < Text.Length)
            {
                char quote = Text[i++];
                if (quote != '\'' && quote != '"')
                {
                    continue;
                }

                var literal = new StringBuilder();
                while (i < Text.Length)
                {
                    char c = Text[i++];
                    if (c != quote)
                    {
                        literal.Append(c);
                    }
                    else if (i < Text.Length && Text[i] == quote)
                    {
                        literal.Append(quote);
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                literals.Add(literal.ToString());
            }

            return literals;
        }

        public override string ToString() => Text;
    }
}
