using System;
using System.Collections.Generic;

namespace CarbonSpaces.Benchmarks.Text
{
    /// <summary>
    /// A word list whose frequencies follow Zipf's law (the frequency of the word of rank r is
    /// proportional to 1 / r^s), as in natural language: the top ranks are real English function
    /// words, the rest are pronounceable made-up words that get longer as they get rarer. Sampling
    /// is deterministic for a given <see cref="Random"/>, so every run seeds the same corpus.
    /// </summary>
    internal sealed class ZipfVocabulary
    {
        /// <summary>The most frequent English words, most frequent first (the head of any English Zipf curve).</summary>
        private static readonly string[] FunctionWords =
        {
            "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
            "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "they", "you", "were", "her", "she", "there",
            "been", "one", "all", "we", "their", "has", "would", "when", "if", "so", "no", "will", "what", "about", "more", "out",
            "up", "them", "into", "can", "its", "other", "than", "then", "some", "could", "only", "time", "two", "new", "these",
            "may", "like", "any", "over", "such", "our", "most", "after", "very", "also", "made", "did", "many", "before", "must",
            "through", "back", "years", "where", "much", "your", "way", "well", "down", "should", "because", "each", "just",
            "those", "people", "how", "too", "little", "state", "good", "make", "world", "still", "own", "see", "men", "work",
            "long", "get", "here", "between", "both", "life", "being", "under", "never", "day", "same", "another", "know",
        };

        private static readonly string[] Onsets = { "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "gr", "pr", "tr", "st", "sp", "ch", "sh", "th", "pl", "cl", "fl" };
        private static readonly string[] Vowels = { "a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y" };
        private static readonly string[] Codas = { "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk", "ng", "x" };

        private readonly string[] _words;
        private readonly double[] _cumulative;

        private ZipfVocabulary(string[] words, double exponent)
        {
            _words = words;
            Exponent = exponent;
            _cumulative = new double[words.Length];
            double total = 0;
            for (var rank = 1; rank <= words.Length; rank++)
            {
                total += 1.0 / Math.Pow(rank, exponent);
                _cumulative[rank - 1] = total;
            }

            for (var i = 0; i < _cumulative.Length; i++)
            {
                _cumulative[i] /= total;
            }
        }

        public int Count => _words.Length;

        public double Exponent { get; }

        /// <param name="size">Distinct words; English text of this kind uses tens of thousands.</param>
        /// <param name="exponent">Zipf's s; about 1 for English.</param>
        public static ZipfVocabulary Create(int size = 50_000, double exponent = 1.05, int seed = 5)
        {
            var random = new Random(seed);
            var words = new List<string>(size);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var word in FunctionWords)
            {
                if (words.Count < size && seen.Add(word))
                {
                    words.Add(word);
                }
            }

            while (words.Count < size)
            {
                // Rarer words are longer, as in natural language (Zipf's law of abbreviation).
                var syllables = 1 + (int)(Math.Log10(words.Count) / 2 + random.NextDouble() * 1.5);
                var word = MakeWord(random, syllables);
                if (seen.Add(word))
                {
                    words.Add(word);
                }
            }

            return new ZipfVocabulary(words.ToArray(), exponent);
        }

        /// <summary>The word of this rank (0 = most frequent).</summary>
        public string Word(int rank) => _words[rank];

        /// <summary>A rank drawn from the Zipf distribution.</summary>
        public int SampleRank(Random random) => RankAt(random.NextDouble());

        /// <summary>A rank drawn from the Zipf distribution restricted to ranks ≥ <paramref name="minRank"/> (e.g. to leave out function words).</summary>
        public int SampleRank(Random random, int minRank)
        {
            var low = minRank == 0 ? 0 : _cumulative[minRank - 1];
            return Math.Max(minRank, RankAt(low + random.NextDouble() * (1 - low)));
        }

        public string Sample(Random random) => _words[SampleRank(random)];

        /// <summary>The share of all word occurrences that this rank accounts for.</summary>
        public double Probability(int rank) => _cumulative[rank] - (rank == 0 ? 0 : _cumulative[rank - 1]);

        private int RankAt(double u)
        {
            var index = Array.BinarySearch(_cumulative, u);
            if (index < 0)
            {
                index = ~index;
            }

            return Math.Min(index, _cumulative.Length - 1);
        }

        private static string MakeWord(Random random, int syllables)
        {
            var chars = new System.Text.StringBuilder(syllables * 4);
            for (var i = 0; i < syllables; i++)
            {
                chars.Append(Onsets[random.Next(Onsets.Length)]);
                chars.Append(Vowels[random.Next(Vowels.Length)]);
                if (i == syllables - 1 || random.Next(3) == 0)
                {
                    chars.Append(Codas[random.Next(Codas.Length)]);
                }
            }

            return chars.ToString();
        }
    }
}
