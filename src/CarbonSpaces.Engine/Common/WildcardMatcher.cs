using System;
using System.Text;
using System.Text.RegularExpressions;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>PowerShell-style wildcard matching in memory, for the few lists that are not filtered in SQL.</summary>
    public static class WildcardMatcher
    {
        public static Func<string, bool> Create(string pattern)
        {
            var regex = new StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                }
                else if (c == '*')
                {
                    regex.Append(".*");
                }
                else if (c == '?')
                {
                    regex.Append('.');
                }
                else if (c == '[' && pattern.IndexOf(']', i + 1) > i)
                {
                    var close = pattern.IndexOf(']', i + 1);
                    regex.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                    i = close;
                }
                else
                {
                    regex.Append(Regex.Escape(c.ToString()));
                }
            }

            var compiled = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
            return compiled.IsMatch;
        }
    }
}
