using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CarbonSpaces.Engine.Ingest.Chunking;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Chunking
{
    public sealed class Cl100kTokenizerTests
    {
        private readonly Cl100kTokenizer _tokenizer = new Cl100kTokenizer();

        [Theory]
        [InlineData("", 0)]
        [InlineData("Hello world", 2)]
        [InlineData("12345", 2)]
        [InlineData("don't", 2)]
        [InlineData("I'LL", 3)]
        [InlineData("understanding", 2)]
        [InlineData("getUserAccountById", 3)]
        [InlineData("你好", 2)]
        [InlineData("😀 ok", 3)]
        [InlineData("end.\n\nNext", 3)]
        public void KnownStringsCountWhatOpenAIsCl100kBaseCounts(string text, int expectedTokens)
        {
            Assert.Equal(expectedTokens, _tokenizer.CountTokens(text));
        }

        [Theory]
        [InlineData("Hello world", new[] { "Hello", " world" })]
        [InlineData("don't stop", new[] { "don", "'t", " stop" })]
        [InlineData("1234567", new[] { "123", "456", "7" })]
        [InlineData("a   b", new[] { "a", "  ", " b" })]
        [InlineData("end.\n\nNext", new[] { "end", ".\n\n", "Next" })]
        [InlineData("(hello) world!!", new[] { "(h", "ello", ")", " world", "!!" })]
        [InlineData("line\r\n  tab", new[] { "line", "\r\n", " ", " tab" })]
        [InlineData("understanding", new[] { "under", "standing" })]
        [InlineData(" 你好", new[] { " ", "你", "好" })]
        [InlineData("a😀b", new[] { "a", "😀", "b" })]
        public void TextSplitsIntoCl100kBaseTokensAndAnEmojiOfTwoTokensStaysOneSpan(string text, string[] expectedTokens)
        {
            Assert.Equal(expectedTokens, TokenTexts(text, 0, text.Length, int.MaxValue));
        }

        [Fact]
        public void TokenizingStopsAtTheTokenCap()
        {
            Assert.Equal(new[] { "one", " two" }, TokenTexts("one two three four", 0, 18, 2));
        }

        [Fact]
        public void TokenizingPartOfATextReadsItAsIfItWereTheWholeTextAndReportsOffsetsIntoTheOriginal()
        {
            const string text = "skip this: count words";
            var tokens = new List<TokenSpan>();

            _tokenizer.Tokenize(text, 11, text.Length - 11, int.MaxValue, tokens);

            Assert.Equal(11, tokens[0].Start);
            Assert.Equal(new[] { "count", " words" }, tokens.Select(token => text.Substring(token.Start, token.Length)));
        }

        [Fact]
        public void SpansCoverRandomTextWithoutGapsAndHoldExactlyTheTokenCount()
        {
            var random = new Random(20240611);
            for (int sample = 0; sample < 200; sample++)
            {
                string text = RandomMixedText(random, random.Next(0, 300));
                var tokens = new List<TokenSpan>();

                int counted = _tokenizer.Tokenize(text, 0, text.Length, int.MaxValue, tokens);

                int expectedStart = 0;
                foreach (TokenSpan token in tokens)
                {
                    Assert.Equal(expectedStart, token.Start);
                    Assert.True(token.Length > 0);
                    expectedStart = token.End;
                }

                Assert.Equal(text.Length, expectedStart);
                Assert.Equal(_tokenizer.CountTokens(text), counted);
            }
        }

        [Fact]
        public void AsciiTextSplitsExactlyWhereTheLibraryEncodingTheWholeTextSplitsIt()
        {
            // Short ASCII pieces are looked up in a table of their own rather than asked of the library: mixed
            // case, digits, punctuation runs, contractions, control characters and words near the table's limits
            // (9 characters a half, 18 in all) must still give the library's tokens of the whole text, one span each.
            var library = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("cl100k_base");
            string[] words = { "the", "The", "THE", "and", "between", "Between", "understand", "understanding", "tokenizer", "information", "International", "responsibilities", "internationalization", "abcdefghijklmnopqrs", "x", "qzx", "I'm", "we've", "1", "42", "2026", "3.14", "--", "...", "!?", "(a)", "{}", "\\", "\u0001", "\u007F", "e-mail", "C#", "a_b" };
            string[] gaps = { " ", "  ", "\n", "\r\n", "\t", ", ", ". ", "\n\n", "" };
            var random = new Random(23);
            for (int sample = 0; sample < 300; sample++)
            {
                var text = new StringBuilder();
                for (int i = random.Next(1, 60); i > 0; i--)
                {
                    text.Append(random.Next(4) == 0 ? (char)random.Next(1, 128) : words[random.Next(words.Length)]);
                    text.Append(gaps[random.Next(gaps.Length)]);
                }

                string whole = text.ToString();
                var expected = library.EncodeToTokens(whole, out _).Select(token => whole.Substring(token.Offset.Start.Value, token.Offset.End.Value - token.Offset.Start.Value));

                Assert.Equal(expected, TokenTexts(whole, 0, whole.Length, int.MaxValue));
            }
        }

        [Fact]
        public void APieceSplitBeforeSplitsTheSameAgainEvenWhenTheCapFallsInsideIt()
        {
            // The second reading of a rare word comes from the piece cache, which must give the library's tokens
            // and stop at the cap inside the word as the first reading did.
            var library = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("cl100k_base");
            const string text = "zorblaxitudinous zorblaxitudinous zorblaxitudinous";
            var expected = library.EncodeToTokens(text, out _).Select(token => text.Substring(token.Offset.Start.Value, token.Offset.End.Value - token.Offset.Start.Value)).ToList();
            Assert.Equal(expected, TokenTexts(text, 0, text.Length, int.MaxValue));
            for (int cap = 1; cap <= expected.Count; cap++)
            {
                Assert.Equal(expected.Take(cap), TokenTexts(text, 0, text.Length, cap));
            }

            Assert.Equal(expected.Count, _tokenizer.CountTokens(text));
        }

        [Fact]
        public void APieceCacheSlotTakenByAnotherPieceIsAMissNeverTheOtherPiecesTokens()
        {
            var cache = new Cl100kPieceCache();
            cache.Add("alpha".AsSpan(), new byte[] { 2, 3 });
            string? rival = Enumerable.Range(0, 1_000_000).Select(i => "w" + i).First(candidate =>
            {
                cache.Add(candidate.AsSpan(), new byte[] { 1 });
                return cache.Find("alpha".AsSpan()) == null;
            });

            Assert.Null(cache.Find("alpha".AsSpan()));
            Assert.Equal(new byte[] { 1 }, cache.Find(rival.AsSpan()));
        }

        [Fact]
        public void CountsAreTheLibrarysCountOfTheWholeTextEvenForAPieceLongerThanTokenizeReadsAtOnce()
        {
            // CountTokens walks the text piece by piece like Tokenize; the library counting the whole text is the reference.
            var library = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("cl100k_base");
            var random = new Random(26);
            var texts = Enumerable.Range(0, 300).Select(_ => RandomMixedText(random, random.Next(0, 300)))
                .Append("x " + new string('q', 20000) + " y")
                .Append(new string(' ', 9000) + "word");
            foreach (string text in texts)
            {
                Assert.Equal(library.CountTokens(text), _tokenizer.CountTokens(text));
            }
        }

        [Fact]
        public void ACappedTokenizationGivesTheFirstTokensOfTheWholeOneEvenInLongRunsWithoutBreaks()
        {
            // The tokenizer reads only a region big enough for the tokens wanted; that must not change them.
            var random = new Random(5);
            string[] runs = { "a", " ", "\n", "漢", "😀", "a😀", "ab漢", "1", "!?", "'s", " \t", "\n       ", " \n ", "\r\n  ", "x\n   " };
            for (int sample = 0; sample < 300; sample++)
            {
                var text = new StringBuilder(RandomMixedText(random, random.Next(0, 5)));
                text.Insert(0, string.Concat(Enumerable.Repeat(runs[random.Next(runs.Length)], random.Next(1, 200))));
                text.Append(RandomMixedText(random, random.Next(0, 5)));
                var whole = TokenTexts(text.ToString(), 0, text.Length, int.MaxValue).ToList();

                foreach (int cap in new[] { 1, 2, 3, 5, 17, random.Next(1, whole.Count + 2) })
                {
                    var capped = new List<TokenSpan>();
                    int counted = _tokenizer.Tokenize(text.ToString(), 0, text.Length, cap, capped);

                    var cappedTexts = capped.Select(token => text.ToString(token.Start, token.Length)).ToList();
                    Assert.Equal(whole.Take(cappedTexts.Count), cappedTexts);
                    Assert.True(counted <= cap || capped.Count == 1, $"{counted} tokens for a cap of {cap}");

                    // A span holds at most the four tokens of one character's UTF-8 bytes, so the cap is nearly used.
                    Assert.True(capped.Count == whole.Count || counted > cap - 4, $"stopped at {counted} tokens of {cap}");
                }
            }
        }

        [Fact]
        public void NoTokenBoundaryFallsInsideAnEmoji()
        {
            var random = new Random(7);
            for (int sample = 0; sample < 200; sample++)
            {
                string text = RandomMixedText(random, random.Next(1, 300));
                var tokens = new List<TokenSpan>();

                _tokenizer.Tokenize(text, 0, text.Length, int.MaxValue, tokens);

                Assert.All(tokens, token => Assert.False(char.IsLowSurrogate(text[token.Start]), $"a token starts inside a surrogate pair in \"{text}\""));
            }
        }

        internal static string RandomMixedText(Random random, int pieces)
        {
            string[] parts = { "word", " ", "  ", "\n", "\n\n", "😀", "👍🏽", "𝒳", "漢字", "。", "かな", "123456", "don't", ". ", "!", "Ünïcödé", "\t", "supercalifragilistic" };
            var text = new StringBuilder();
            for (int i = 0; i < pieces; i++)
            {
                text.Append(parts[random.Next(parts.Length)]);
            }

            return text.ToString();
        }

        private IEnumerable<string> TokenTexts(string text, int start, int length, int maxTokens)
        {
            var tokens = new List<TokenSpan>();
            _tokenizer.Tokenize(text, start, length, maxTokens, tokens);
            return tokens.Select(token => text.Substring(token.Start, token.Length));
        }
    }
}
