using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>How the start of a file says it should be decoded.</summary>
    internal sealed class TextEncodingGuess
    {
        public TextEncodingGuess(Encoding encoding, int preambleLength)
        {
            Encoding = encoding;
            PreambleLength = preambleLength;
        }

        public Encoding Encoding { get; }

        /// <summary>Bytes of byte-order mark to skip before decoding.</summary>
        public int PreambleLength { get; }

        /// <summary>
        /// A guess of UTF-8 without a BOM rests only on the sample being valid; malformed bytes later
        /// in the file mean it was Windows-1252 after all.
        /// </summary>
        public bool MayBeWindows1252 => ReferenceEquals(Encoding, TextEncodings.StrictUtf8);
    }
}
