using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// The decoders text extraction uses. None emits or expects a BOM: the sniffer finds the BOM
    /// and the reader skips it.
    /// </summary>
    internal static class TextEncodings
    {
        /// <summary>Throws on malformed bytes, which is how a Windows-1252 file without a BOM is told apart from UTF-8.</summary>
        public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>For files with a UTF-8 BOM: the BOM settles the encoding, so a stray bad byte becomes U+FFFD.</summary>
        public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        public static Encoding Utf16LittleEndian { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);

        public static Encoding Utf16BigEndian { get; } = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);

        public static Encoding Utf32LittleEndian { get; } = new UTF32Encoding(bigEndian: false, byteOrderMark: false);

        public static Encoding Utf32BigEndian { get; } = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

        /// <summary>
        /// The fallback for text that is not UTF-8. Windows-1252 rather than strict ISO-8859-1 because
        /// that is what "Latin-1" files written on Windows really contain (curly quotes, the euro sign
        /// in 0x80–0x9F); for every other byte the two agree. Taken from the provider directly so
        /// the process-wide encoding registry is left alone.
        /// </summary>
        public static Encoding Windows1252 { get; } = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    }
}
