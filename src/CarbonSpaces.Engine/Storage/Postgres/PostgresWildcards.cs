using System.Collections.Generic;
using System.Text;
using CarbonSpaces.Engine.Common;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// PowerShell wildcards (*, ?, [a-z], backtick escapes) as PostgreSQL regular expressions matched against
    /// lower(column), so name filters run in SQL and match exactly what SQLite's fold(column) GLOB matches. A
    /// regular expression rather than LIKE because LIKE has no character classes ([a-z]); an anchored one
    /// ("^report.*$") still uses a text_pattern_ops index on lower(column) for its literal start.
    /// </summary>
    internal static class PostgresWildcards
    {
        /// <summary>" AND (lower(column) ~ @p0 OR …)" for the patterns; nothing when none are given.</summary>
        public static string Filter(string column, string parameterPrefix, IReadOnlyCollection<string>? patterns, NpgsqlCommand command)
        {
            if (patterns == null || patterns.Count == 0)
            {
                return string.Empty;
            }

            var clause = new StringBuilder(" AND (");
            var i = 0;
            foreach (var pattern in patterns)
            {
                var name = parameterPrefix + i;
                if (i++ > 0)
                {
                    clause.Append(" OR ");
                }

                clause.Append($"lower({column}) ~ @{name}");
                command.Parameters.AddWithValue(name, ToRegex(pattern));
            }

            return clause.Append(')').ToString();
        }

        /// <summary>
        /// The pattern as an anchored regular expression. It goes through <see cref="Wildcard.ToGlob"/> first, so that
        /// backticks, unclosed brackets and case are read exactly as the SQLite store reads them; the glob is then
        /// spelt in regular-expression terms, every other character taken literally.
        /// </summary>
        public static string ToRegex(string pattern)
        {
            var glob = Wildcard.ToGlob(pattern);
            var regex = new StringBuilder("^", glob.Length + 8);
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        break;
                    case '?':
                        regex.Append('.');
                        break;
                    case '[':
                        i = AppendClass(glob, i, regex);
                        break;
                    default:
                        AppendLiteral(c, regex);
                        break;
                }
            }

            return regex.Append('$').ToString();
        }

        /// <summary>
        /// A GLOB class ("[a-z]", "[^ab]", "[]x]" whose first ']' is a member) as a bracket expression; returns the
        /// index of its closing ']', or treats a '[' that never closes as itself.
        /// </summary>
        private static int AppendClass(string glob, int open, StringBuilder regex)
        {
            var first = open + 1;
            if (first < glob.Length && glob[first] == '^')
            {
                first++;
            }

            var close = glob.IndexOf(']', first < glob.Length && glob[first] == ']' ? first + 1 : first);
            if (close < 0)
            {
                AppendLiteral('[', regex);
                return open;
            }

            regex.Append('[');
            for (var i = open + 1; i < close; i++)
            {
                // Inside a bracket a backslash escapes in PostgreSQL's regular expressions, and "[" may open "[:alpha:]".
                var member = glob[i];
                if (member == '\\' || member == '[' || member == ']')
                {
                    regex.Append('\\');
                }

                regex.Append(member);
            }

            regex.Append(']');
            return close;
        }

        private static void AppendLiteral(char c, StringBuilder regex)
        {
            // A backslash before any character that is not a letter or digit makes it literal; a surrogate is half of one.
            if (!char.IsLetterOrDigit(c) && !char.IsSurrogate(c))
            {
                regex.Append('\\');
            }

            regex.Append(c);
        }
    }
}
