using System.Text;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// PowerShell wildcards (*, ?, [a-z], backtick escapes) as SQLite GLOB patterns, so name filters
    /// run in SQL. Both sides are lower-cased by the caller for PowerShell's case-insensitive match.
    /// </summary>
    public static class Wildcard
    {
        public static string ToGlob(string pattern)
        {
            var glob = new StringBuilder(pattern.Length + 8);
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    glob.Append(Literal(pattern[++i]));
                }
                else if (c == '[')
                {
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        glob.Append("[[]");
                    }
                    else
                    {
                        glob.Append(pattern, i, close - i + 1);
                        i = close;
                    }
                }
                else
                {
                    glob.Append(c);
                }
            }

            return glob.ToString().ToLowerInvariant();
        }

        private static string Literal(char c) => c == '*' || c == '?' || c == '[' || c == ']' ? "[" + c + "]" : c.ToString();
    }
}
