using System;
using System.Text;

namespace CarbonSpaces.Benchmarks.Text
{
    /// <summary>
    /// Writes natural-language-like prose from a <see cref="ZipfVocabulary"/>: sentences of varied
    /// length with capitals, commas and full stops, grouped in paragraphs separated by blank lines.
    /// What matters for a keyword index and a chunker is that word frequencies, word lengths,
    /// sentence and paragraph breaks look like real text, not one repeated sentence.
    /// </summary>
    internal sealed class NaturalTextGenerator
    {
        private readonly ZipfVocabulary _vocabulary;

        public NaturalTextGenerator(ZipfVocabulary vocabulary)
        {
            _vocabulary = vocabulary;
        }

        public ZipfVocabulary Vocabulary => _vocabulary;

        /// <summary>Appends paragraphs until <paramref name="text"/> has grown by at least <paramref name="characters"/>; ends on a full stop.</summary>
        public void AppendParagraphs(StringBuilder text, int characters, Random random)
        {
            var end = text.Length + characters;
            var first = true;
            while (text.Length < end)
            {
                if (!first)
                {
                    text.Append("\n\n");
                }

                first = false;
                var sentences = 2 + random.Next(6);
                for (var s = 0; s < sentences && text.Length < end; s++)
                {
                    if (s > 0)
                    {
                        text.Append(' ');
                    }

                    AppendSentence(text, random);
                }
            }
        }

        /// <summary>About <paramref name="words"/> words of running text (whole sentences, no paragraph breaks).</summary>
        public void AppendWords(StringBuilder text, int words, Random random)
        {
            var written = 0;
            while (written < words)
            {
                if (written > 0)
                {
                    text.Append(' ');
                }

                written += AppendSentence(text, random, Math.Max(3, Math.Min(words - written, 6 + random.Next(20))));
            }
        }

        /// <summary>A document of about <paramref name="bytes"/> UTF-8 bytes (the text is ASCII, so bytes = characters).</summary>
        public byte[] Document(int bytes, Random random)
        {
            var text = new StringBuilder(bytes + 256);
            AppendParagraphs(text, bytes, random);
            text.Append('\n');
            return Encoding.UTF8.GetBytes(text.ToString());
        }

        private int AppendSentence(StringBuilder text, Random random, int? length = null)
        {
            var words = length ?? 6 + random.Next(20);
            for (var i = 0; i < words; i++)
            {
                var word = _vocabulary.Sample(random);
                if (i == 0)
                {
                    text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
                }
                else
                {
                    text.Append(' ').Append(word);
                }

                if (i < words - 1 && i > 1 && random.Next(12) == 0)
                {
                    text.Append(',');
                }
            }

            text.Append(random.Next(20) == 0 ? '?' : '.');
            return words;
        }
    }
}
