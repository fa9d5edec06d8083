using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>Reads an .xlsx sheet by sheet in tab order, streaming every part it touches.</summary>
    internal static class XlsxWorkbookReader
    {
        private const string S = OpenXmlNamespaces.Spreadsheet;

        /// <returns>The workbook's core properties (title, author, creation time).</returns>
        public static DocumentMetadata Read(ExtractionContext context, SheetRecordWriter sheets)
        {
            ZipBombGuard.CheckDeclaredSizes(context);
            var parts = new OfficePartReader(context);
            using (var file = context.Content.OpenRead())
            using (var document = SpreadsheetDocument.Open(file, isEditable: false))
            {
                var workbook = document.WorkbookPart ?? throw new InvalidDataException("it has no workbook part");
                var tabs = ReadSheetTabs(workbook, parts, out var uses1904DateSystem);
                var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart, parts);
                var styles = ReadStyles(workbook.WorkbookStylesPart, parts);
                foreach (var tab in tabs)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    sheets.BeginSheet(tab.Name);

                    // Chart sheets and dialog sheets are tabs too, but hold no cells.
                    if (workbook.GetPartById(tab.RelationshipId) is WorksheetPart worksheet)
                    {
                        using (var stream = parts.Open(worksheet))
                        using (var reader = SafeXml.CreateReader(stream))
                        {
                            new XlsxSheetReader(sharedStrings, styles, uses1904DateSystem, parts.Text, context.Cancellation).Read(reader, sheets);
                        }
                    }
                }

                var metadata = OfficeProperties.Read(document);
                metadata.Set(MetadataKeys.Title, document.PackageProperties.Title);
                return metadata;
            }
        }

        /// <summary>The workbook's sheet tabs in order, and whether it counts dates from 1904 (old Mac Excel).</summary>
        private static List<(string Name, string RelationshipId)> ReadSheetTabs(WorkbookPart workbook, OfficePartReader parts, out bool uses1904DateSystem)
        {
            var tabs = new List<(string Name, string RelationshipId)>();
            uses1904DateSystem = false;
            using (var stream = parts.Open(workbook))
            using (var reader = SafeXml.CreateReader(stream))
            {
                OfficePartReader.MoveToRoot(reader, S, "workbook");
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != S)
                    {
                        continue;
                    }

                    if (reader.LocalName == "workbookPr")
                    {
                        var date1904 = reader.GetAttribute("date1904");
                        uses1904DateSystem = date1904 == "1" || string.Equals(date1904, "true", StringComparison.OrdinalIgnoreCase);
                    }
                    else if (reader.LocalName == "sheet")
                    {
                        var id = reader.GetAttribute("id", OpenXmlNamespaces.Relationships);
                        if (id != null)
                        {
                            tabs.Add((reader.GetAttribute("name") ?? string.Empty, id));
                        }
                    }
                }
            }

            return tabs;
        }

        private static IReadOnlyList<string> ReadSharedStrings(SharedStringTablePart? part, OfficePartReader parts)
        {
            if (part == null)
            {
                return Array.Empty<string>();
            }

            using (var stream = parts.Open(part))
            using (var reader = SafeXml.CreateReader(stream))
            {
                return XlsxSharedStrings.Read(reader, parts.Text);
            }
        }

        private static XlsxCellStyles ReadStyles(WorkbookStylesPart? part, OfficePartReader parts)
        {
            if (part == null)
            {
                return XlsxCellStyles.None;
            }

            using (var stream = parts.Open(part))
            using (var reader = SafeXml.CreateReader(stream))
            {
                return XlsxCellStyles.Read(reader);
            }
        }
    }
}
