using System;
using System.Collections.Generic;
using System.Linq;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// The format codes extraction knows, and which of them are extracted, planned for a later
    /// version, or deliberately refused.
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
        private static readonly HashSet<string> PlainTextCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            Txt, "LOG", "YAML", "TOML", "INI", "CFG", "CONF", "PROPERTIES", "ENV", "RST", "ADOC", "TEX",
            "CS", "CSX", "VB", "FS", "PY", "JS", "MJS", "CJS", "TS", "TSX", "JSX", "JAVA", "KT", "GO", "RS",
            "RB", "PHP", "PL", "LUA", "R", "SWIFT", "SCALA", "C", "H", "CPP", "HPP", "CC", "M",
            "SQL", "SH", "BASH", "ZSH", "PS1", "PSM1", "PSD1", "BAT", "CMD", "CSS", "SCSS", "LESS",
            "GRADLE", "SRT", "VTT",
        };

        private static readonly IReadOnlyDictionary<string, FormatFamily> StructuredFormats = new Dictionary<string, FormatFamily>(StringComparer.Ordinal)
        {
            [Md] = FormatFamily.Markdown,
            [Csv] = FormatFamily.DelimitedText,
            [Tsv] = FormatFamily.DelimitedText,
            [Json] = FormatFamily.Json,
            [Html] = FormatFamily.Html,
            [Xml] = FormatFamily.Xml,
            [Docx] = FormatFamily.Word,
            [Pptx] = FormatFamily.PowerPoint,
            [Xlsx] = FormatFamily.Spreadsheet,
            [Xls] = FormatFamily.Spreadsheet,
        };

        /// <summary>Formats a later version will extract (PDF text, OCR, transcription), with a phrase that describes each.</summary>
        private static readonly IReadOnlyDictionary<string, string> PlannedFormats = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PDF"] = "a PDF document",
            ["PNG"] = "a PNG image",
            ["JPG"] = "a JPEG image",
            ["GIF"] = "a GIF image",
            ["TIFF"] = "a TIFF image",
            ["BMP"] = "a BMP image",
            ["WEBP"] = "a WebP image",
            ["MP3"] = "an MP3 audio file",
            ["WAV"] = "a WAV audio file",
            ["M4A"] = "an M4A audio file",
            ["OGG"] = "an Ogg audio file",
            ["FLAC"] = "a FLAC audio file",
            ["MP4"] = "an MP4 video",
            ["MOV"] = "a QuickTime video",
            ["WEBM"] = "a WebM video",
            ["MKV"] = "a Matroska video",
        };

        /// <summary>
        /// Formats refused by name, so their content is never sniffed: an old .doc is an OLE2 file
        /// like .xls, and a .zip may hold a document, but neither is what the user stored.
        /// </summary>
        private static readonly HashSet<string> RefusedCodes = new HashSet<string>(StringComparer.Ordinal)
        {
            "DOC", "DOT", "PPT", "PPS", "RTF", "ODT", "ODS", "ODP", "EPUB", "MSG",
            Zip, "GZ", "TGZ", "TAR", "7Z", "RAR", "EXE", "DLL", "MSI", "ISO", "DMG", "JAR", "APK", "SO", "DYLIB",
        };

        /// <summary>What an UnsupportedFormat message offers instead.</summary>
        public static string SupportedFormatList { get; } =
            "TXT (and other plain-text files such as .log, .yaml or source code), "
            + string.Join(", ", StructuredFormats.Keys.OrderBy(code => code, StringComparer.Ordinal));

        public static string Normalize(string code) =>
            Aliases.TryGetValue(code, out var canonical) ? canonical : code.ToUpperInvariant();

        /// <summary>The family that extracts <paramref name="code"/>, or null when CarbonSpaces does not extract it.</summary>
        public static FormatFamily? FamilyOf(string code) =>
            PlainTextCodes.Contains(code) ? FormatFamily.PlainText
            : StructuredFormats.TryGetValue(code, out var family) ? family
            : (FormatFamily?)null;

        public static bool IsPlanned(string code) => PlannedFormats.ContainsKey(code);

        public static string DescribePlanned(string code) => PlannedFormats[code];

        /// <summary>Whether a code taken from a file name is trusted without looking at the content.</summary>
        public static bool IsKnown(string code) =>
            FamilyOf(code) != null || PlannedFormats.ContainsKey(code) || RefusedCodes.Contains(code);
    }
}
