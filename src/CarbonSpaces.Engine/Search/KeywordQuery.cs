using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Turns what a user typed into an FTS5 query that cannot be a syntax error: every word is
    /// quoted, so quotes, *, -, NEAR and AND are searched as text, and words are OR-ed so BM25 ranks
    /// chunks holding more of them first.
    /// </summary>
    internal static class KeywordQuery
    {
        public static string? ToFts(string text)
        {
            var terms = Words(text).Distinct().Select(w => "\"" + w.Replace("\"", "\"\"") + "\"").ToList();
            return terms.Count == 0 ? null : string.Join(" OR ", terms);
        }

        /// <summary>Runs of letters and digits, as FTS5's unicode61 tokenizer would index them.</summary>
        private static IEnumerable<string> Words(string text)
        {
            var word = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
                {
                    word.Append(c);
                }
                else if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }

            if (word.Length > 0)
            {
                yield return word.ToString();
            }
        }
    }
}
