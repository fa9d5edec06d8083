using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Turns what a user typed into the words the keyword index is asked for (it searches each as
    /// text, whatever characters it holds). Common English words (the, of, and …) are left out when
    /// the query has other words: they match most chunks, cost the most to rank and say the least
    /// about relevance.
    /// </summary>
    internal sealed class KeywordQuery
    {
        private static readonly HashSet<string> StopWords = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase)
        {
            "a", "about", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "did", "do", "does", "for",
            "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
            "no", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
            "they", "this", "those", "to", "too", "up", "us", "was", "we", "were", "what", "when", "where", "which", "who",
            "why", "will", "with", "you", "your",
        };

        private KeywordQuery(IReadOnlyList<string> words, bool onlyStopWords)
        {
            Words = words;
            OnlyStopWords = onlyStopWords;
        }

        /// <summary>The query, or null when the text holds no word at all.</summary>
        public static KeywordQuery? Parse(string text)
        {
            var words = SplitWords(text).Distinct(System.StringComparer.OrdinalIgnoreCase).ToList();
            var meaningful = words.Where(w => !StopWords.Contains(w)).ToList();
            var searched = meaningful.Count > 0 ? meaningful : words;
            return searched.Count == 0 ? null : new KeywordQuery(searched, onlyStopWords: meaningful.Count == 0);
        }

        /// <summary>Every word is a stop word ("to be or not to be"): they were kept, there being nothing else.</summary>
        public bool OnlyStopWords { get; }

        /// <summary>The words searched for, as typed.</summary>
        public IReadOnlyList<string> Words { get; }

        /// <summary>Runs of letters and digits, as FTS5's unicode61 tokenizer would index them.</summary>
        private static IEnumerable<string> SplitWords(string text)
        {
            var word = new StringBuilder();
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (IsWordCharacter(c))
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

        /// <summary>A character unicode61 keeps in a word: letters, digits, surrogates and combining marks.</summary>
        public static bool IsWordCharacter(char c) =>
            char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark;
    }
}
