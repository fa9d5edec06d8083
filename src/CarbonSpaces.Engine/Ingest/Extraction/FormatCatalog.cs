using System;
using System.Collections.Generic;
using System.Linq;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// The format codes CarbonSpaces knows: which family of extractors reads each, which media type
    /// it is (Carbon's media_type), and which formats are deliberately refused. Extractors declare
    /// their formats from these sets, so the registry and format detection agree on one list.
    /// </summary>
    internal static class FormatCatalog
    {
        public const string Txt = "TXT";
        public const string Md = "MD";
        public const string Csv = "CSV";
        public const string Tsv = "TSV";
        public const string Json = "JSON";
        public const string Html = "HTML";
        public const string Xml = "XML";
        public const string Docx = "DOCX";
        public const string Pptx = "PPTX";
        public const string Xlsx = "XLSX";
        public const string Xls = "XLS";
        public const string Pdf = "PDF";
        public const string Eml = "EML";
        public const string Rtf = "RTF";
        public const string Zip = "ZIP";

        /// <summary>Extensions that name the same format as another, more common one.</summary>
        private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["HTM"] = Html,
            ["XHTML"] = Html,
            ["MARKDOWN"] = Md,
            ["TEXT"] = Txt,
            ["JPEG"] = "JPG",
            ["TIF"] = "TIFF",
            ["YML"] = "YAML",
        };

        /// <summary>
        /// Text and source-code formats read as plain text. They keep their own code so listings show
        /// what the file is, but extraction treats them like TXT.
        /// </summary>
        public static IReadOnlyCollection<string> PlainText { get; } = Set(
            Txt, "LOG", "YAML", "TOML", "INI", "CFG", "CONF", "PROPERTIES", "ENV", "RST", "ADOC", "TEX",
            "CS", "CSX", "VB", "FS", "PY", "JS", "MJS", "CJS", "TS", "TSX", "JSX", "JAVA", "KT", "GO", "RS",
            "RB", "PHP", "PL", "LUA", "R", "SWIFT", "SCALA", "C", "H", "CPP", "HPP", "CC", "M",
            "SQL", "SH", "BASH", "ZSH", "PS1", "PSM1", "PSD1", "BAT", "CMD", "CSS", "SCSS", "LESS",
            "GRADLE", "SRT", "VTT");

        /// <summary>Formats with an extractor of their own (everything but plain text and media).</summary>
        private static readonly IReadOnlyCollection<string> Documents = Set(Md, Csv, Tsv, Json, Html, Xml, Docx, Pptx, Xlsx, Xls, Pdf, Eml, Rtf);

        public static IReadOnlyCollection<string> Images { get; } = Set("JPG", "PNG", "GIF", "BMP", "TIFF", "WEBP");

        public static IReadOnlyCollection<string> Audio { get; } = Set("MP3", "MP2", "MPGA", "AAC", "WAV", "FLAC", "M4A", "OGG", "OGA", "OPUS", "WMA", "PCM");

        public static IReadOnlyCollection<string> Video { get; } = Set("MP4", "M4V", "MOV", "MPEG", "MPG", "WEBM", "MKV", "AVI");

        /// <summary>
        /// Formats refused by name, so their content is never sniffed: an old .doc is an OLE2 file
        /// like .xls, and a .zip may hold a document, but neither is what the user stored.
        /// </summary>
        private static readonly HashSet<string> RefusedCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "DOC", "DOT", "PPT", "PPS", "ODT", "ODS", "ODP", "EPUB", "MSG",
            Zip, "GZ", "TGZ", "TAR", "7Z", "RAR", "EXE", "DLL", "MSI", "ISO", "DMG", "JAR", "APK", "SO", "DYLIB",
        };

        public static string Normalize(string code) =>
            Aliases.TryGetValue(code, out var canonical) ? canonical : code.ToUpperInvariant();

        /// <summary>Carbon's media_type of a format: IMAGE, AUDIO, VIDEO, or TEXT for everything else.</summary>
        public static string MediaTypeOf(string code) =>
            Images.Contains(code) ? MediaTypes.Image
            : Audio.Contains(code) ? MediaTypes.Audio
            : Video.Contains(code) ? MediaTypes.Video
            : MediaTypes.Text;


        /// <summary>Whether a code taken from a file name is trusted without looking at the content.</summary>
        public static bool IsKnown(string code) =>
            PlainText.Contains(code) || Documents.Contains(code) || Images.Contains(code) || Audio.Contains(code) || Video.Contains(code) || RefusedCodes.Contains(code);

        private static IReadOnlyCollection<string> Set(params string[] codes) => new HashSet<string>(codes, StringComparer.Ordinal);

        /// <summary>The codes as a user reads them in a message: sorted, comma separated.</summary>
        public static string Describe(IEnumerable<string> codes) => string.Join(", ", codes.OrderBy(code => code, StringComparer.Ordinal));
    }
}
