using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Maps an object's Content-Type to a format code, for objects stored without an extension.</summary>
    internal static class ContentTypes
    {
        private static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["text/markdown"] = FormatCatalog.Md,
            ["text/x-markdown"] = FormatCatalog.Md,
            ["text/csv"] = FormatCatalog.Csv,
            ["text/tab-separated-values"] = FormatCatalog.Tsv,
            ["application/json"] = FormatCatalog.Json,
            ["text/json"] = FormatCatalog.Json,
            ["text/html"] = FormatCatalog.Html,
            ["application/xhtml+xml"] = FormatCatalog.Html,
            ["application/xml"] = FormatCatalog.Xml,
            ["text/xml"] = FormatCatalog.Xml,
            ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = FormatCatalog.Docx,
            ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = FormatCatalog.Pptx,
            ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = FormatCatalog.Xlsx,
            ["application/vnd.ms-excel"] = FormatCatalog.Xls,
            ["application/zip"] = FormatCatalog.Zip,
            ["application/pdf"] = FormatCatalog.Pdf,
            ["message/rfc822"] = FormatCatalog.Eml,
            ["application/rtf"] = FormatCatalog.Rtf,
            ["text/rtf"] = FormatCatalog.Rtf,
            ["image/png"] = "PNG",
            ["image/jpeg"] = "JPG",
            ["image/gif"] = "GIF",
            ["image/tiff"] = "TIFF",
            ["image/bmp"] = "BMP",
            ["image/webp"] = "WEBP",
            ["audio/mpeg"] = "MP3",
            ["audio/wav"] = "WAV",
            ["audio/x-wav"] = "WAV",
            ["audio/wave"] = "WAV",
            ["audio/mp4"] = "M4A",
            ["audio/x-m4a"] = "M4A",
            ["audio/ogg"] = "OGG",
            ["audio/flac"] = "FLAC",
            ["video/mp4"] = "MP4",
            ["video/quicktime"] = "MOV",
            ["video/webm"] = "WEBM",
            ["video/x-matroska"] = "MKV",
        };

        /// <summary>The format a Content-Type names, or null for none or a generic one such as application/octet-stream.</summary>
        public static string? FormatOf(string? contentType)
        {
            if (string.IsNullOrWhiteSpace(contentType))
            {
                return null;
            }

            var mediaType = contentType!.Split(';')[0].Trim();
            if (Formats.TryGetValue(mediaType, out var format))
            {
                return format;
            }

            if (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                return FormatCatalog.Json;
            }

            if (mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase))
            {
                return FormatCatalog.Xml;
            }

            return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ? FormatCatalog.Txt : null;
        }
    }
}
