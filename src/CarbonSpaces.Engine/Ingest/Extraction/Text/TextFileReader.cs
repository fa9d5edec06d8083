using System;
using System.IO;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// Reads a whole file as text whatever its encoding (UTF-8, UTF-16/32 with or without BOM,
    /// Windows-1252), refusing binary content and stopping at the character limit instead of
    /// loading an arbitrarily large file.
    /// </summary>
    internal static class TextFileReader
    {
        private const int BufferChars = 32 * 1024;

        public static string ReadAll(ExtractionContext context)
        {
            using (var stream = context.Content.OpenRead())
            {
                var sample = new byte[TextSniffer.SampleSizeFor(stream.Length)];
                var count = ReadUpTo(stream, sample);
                if (count == 0)
                {
                    return string.Empty;
                }

                var guess = TextSniffer.GuessEncoding(sample, count);
                if (!TextSniffer.LooksLikeText(sample, count, guess))
                {
                    throw ExtractionErrors.NotText(context.FileName);
                }

                try
                {
                    return Decode(stream, guess.PreambleLength, guess.Encoding, context);
                }
                catch (DecoderFallbackException) when (guess.MayBeWindows1252)
                {
                    return Decode(stream, 0, TextEncodings.Windows1252, context);
                }
            }
        }

        /// <summary>Fills as much of <paramref name="buffer"/> as the stream has.</summary>
        public static int ReadUpTo(Stream stream, byte[] buffer)
        {
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return total;
        }

        private static string Decode(Stream stream, int start, Encoding encoding, ExtractionContext context)
        {
            stream.Position = start;
            var characters = context.CreateCharacterBudget();

            // Buffers fitted to the file: most files are small, and a fixed 64 KiB per file made
            // syncing thousands of them spend its time collecting garbage. No encoding here decodes
            // a byte into more than one character, so the byte count bounds the text.
            var remaining = stream.Length - start;
            var bufferChars = (int)Math.Max(256, Math.Min(BufferChars, remaining));
            var text = new StringBuilder((int)Math.Min(remaining, 1024 * 1024));
            var buffer = new char[bufferChars];
            using (var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferChars, leaveOpen: true))
            {
                int read;
                while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    characters.Spend(read);
                    text.Append(buffer, 0, read);
                }
            }

            return text.ToString();
        }
    }
}
