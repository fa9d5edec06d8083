using System.Collections.Generic;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// What the keyword index is asked to find: chunks holding every one of some words, or any of them, each word
    /// in any form the index's stemming gives it ("runs" for "running"). Words are searched as text, whatever
    /// characters they hold: the index never reads them as its own query syntax.
    /// </summary>
    public sealed class KeywordMatch
    {
        private KeywordMatch(IReadOnlyList<string> words, bool everyWord)
        {
            Words = words;
            EveryWord = everyWord;
        }

        public IReadOnlyList<string> Words { get; }

        /// <summary>True: chunks holding every word. False: chunks holding any of them, those holding more ranked first.</summary>
        public bool EveryWord { get; }

        public static KeywordMatch AllOf(IReadOnlyList<string> words) => new KeywordMatch(words, everyWord: true);

        public static KeywordMatch AnyOf(IReadOnlyList<string> words) => new KeywordMatch(words, everyWord: false);
    }
}
