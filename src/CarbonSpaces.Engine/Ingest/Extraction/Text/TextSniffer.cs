using System;
using System.Runtime.CompilerServices;
using System.Text;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// Judges from a file's first bytes how its text is encoded and whether it is text at all. Its
    /// loops run for every synced file, so they are compiled fully optimized from the first call.
    /// </summary>
    internal static class TextSniffer
    {
        /// <summary>Enough to see past a binary header and judge the encoding, small enough to read eagerly.</summary>
        public const int SampleSize = 64 * 1024;

        /// <summary>The sample to read of content this long: all of it when it is shorter than <see cref="SampleSize"/>.</summary>
        public static int SampleSizeFor(long contentLength) => (int)Math.Max(0, Math.Min(SampleSize, contentLength));

        public static TextEncodingGuess GuessEncoding(byte[] sample, int count)
        {
            if (StartsWith(sample, count, 0xEF, 0xBB, 0xBF))
            {
                return new TextEncodingGuess(TextEncodings.Utf8, 3);
            }

            if (StartsWith(sample, count, 0xFF, 0xFE, 0x00, 0x00))
            {
                return new TextEncodingGuess(TextEncodings.Utf32LittleEndian, 4);
            }

            if (StartsWith(sample, count, 0x00, 0x00, 0xFE, 0xFF))
            {
                return new TextEncodingGuess(TextEncodings.Utf32BigEndian, 4);
            }

            if (StartsWith(sample, count, 0xFF, 0xFE))
            {
                return new TextEncodingGuess(TextEncodings.Utf16LittleEndian, 2);
            }

            if (StartsWith(sample, count, 0xFE, 0xFF))
            {
                return new TextEncodingGuess(TextEncodings.Utf16BigEndian, 2);
            }

            var byteOrderWithoutMark = GuessUtf16ByNulPattern(sample, count);
            if (byteOrderWithoutMark != null)
            {
                return new TextEncodingGuess(byteOrderWithoutMark, 0);
            }

            return new TextEncodingGuess(IsValidUtf8Prefix(sample, count) ? TextEncodings.StrictUtf8 : TextEncodings.Windows1252, 0);
        }

        /// <summary>
        /// Whether the decoded sample reads as text. Binary data decodes to NULs and other control
        /// characters that text never has in bulk; a stray NUL or a few ANSI colour escapes in a log
        /// do not make it binary.
        /// </summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        public static bool LooksLikeText(byte[] sample, int count, TextEncodingGuess guess)
        {
            var decoder = guess.Encoding.GetDecoder();
            var bytes = count - guess.PreambleLength;
            var chars = new char[decoder.GetCharCount(sample, guess.PreambleLength, bytes, flush: false)];
            var length = decoder.GetChars(sample, guess.PreambleLength, bytes, chars, 0, flush: false);

            var nuls = 0;
            var controls = 0;
            for (var i = 0; i < length; i++)
            {
                var c = chars[i];
                if (c == '\0')
                {
                    nuls++;
                }

                if (IsUnexpectedControl(c))
                {
                    controls++;
                }
            }

            return nuls * 1000L <= length && controls * 10L <= length;
        }

        /// <summary>
        /// UTF-16 text without a BOM in a Latin script has a NUL in every other byte; which half holds
        /// the NULs gives the byte order.
        /// </summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        private static Encoding? GuessUtf16ByNulPattern(byte[] sample, int count)
        {
            var pairs = count / 2;
            if (pairs < 2)
            {
                return null;
            }

            var evenNuls = 0;
            var oddNuls = 0;
            for (var i = 0; i + 1 < count; i += 2)
            {
                if (sample[i] == 0)
                {
                    evenNuls++;
                }

                if (sample[i + 1] == 0)
                {
                    oddNuls++;
                }
            }

            if (oddNuls * 10L >= pairs * 3L && evenNuls * 20L < pairs)
            {
                return TextEncodings.Utf16LittleEndian;
            }

            if (evenNuls * 10L >= pairs * 3L && oddNuls * 20L < pairs)
            {
                return TextEncodings.Utf16BigEndian;
            }

            return null;
        }

        /// <summary>Valid UTF-8 up to the end of the sample, which may cut a multi-byte character in half.</summary>
        private static bool IsValidUtf8Prefix(byte[] sample, int count)
        {
            try
            {
                TextEncodings.StrictUtf8.GetDecoder().GetCharCount(sample, 0, count, flush: false);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        private static bool IsUnexpectedControl(char c)
        {
            switch (c)
            {
                case '\t':
                case '\n':
                case '\r':
                case '\f':
                case '\v':
                case '\b':
                case '\u001B':
                    return false;
                default:
                    return c < ' ' || c == '\u007F' || (c >= '\u0080' && c <= '\u009F');
            }
        }

        private static bool StartsWith(byte[] sample, int count, params byte[] prefix)
        {
            if (count < prefix.Length)
            {
                return false;
            }

            for (var i = 0; i < prefix.Length; i++)
            {
                if (sample[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
