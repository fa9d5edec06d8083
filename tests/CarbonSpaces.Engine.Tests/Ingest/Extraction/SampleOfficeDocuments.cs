using System;
using System.Collections.Generic;
using System.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    /// <summary>One slide of a sample presentation.</summary>
    public sealed record SampleSlide(string Title, string Body, string? Notes = null, string[][]? Table = null);

    /// <summary>One sheet of a sample workbook; rows hold string, double, DateTime, bool, <see cref="InlineText"/>, <see cref="Percent"/> or null (no cell).</summary>
    public sealed record SampleSheet(string Name, params object?[][] Rows);

    /// <summary>A cell written as an inline string instead of through the shared-string table.</summary>
    public sealed record InlineText(string Text);

    /// <summary>A number cell formatted as a percentage (0.00%).</summary>
    public sealed record Percent(double Value);

    /// <summary>
    /// Writes real .docx, .pptx and .xlsx files with the Open XML SDK, shaped the way Office writes
    /// them where the extractor depends on it (styles, shared strings, part order unlike reading order).
    /// </summary>
    public static class SampleOfficeDocuments
    {
        /// <summary>German Word's id for Heading 1: headings must be found by style name, not id.</summary>
        public const string LocalisedHeadingStyleId = "berschrift1";

        private const int DateStyle = 1;
        private const int PercentStyle = 2;

        public static void WriteDocx(string path, string? title, params OpenXmlElement[] body)
        {
            using (var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
            {
                var main = document.AddMainDocumentPart();
                main.AddNewPart<StyleDefinitionsPart>().Styles = new W.Styles(
                    new W.Style(
                        new W.StyleName { Val = "heading 1" },
                        new W.StyleParagraphProperties(new W.OutlineLevel { Val = 0 }))
                    {
                        Type = W.StyleValues.Paragraph,
                        StyleId = LocalisedHeadingStyleId,
                    });
                main.Document = new W.Document(new W.Body(body));
                if (title != null)
                {
                    document.PackageProperties.Title = title;
                }
            }
        }

        public static W.Paragraph Heading(string text) =>
            new W.Paragraph(new W.ParagraphProperties(new W.ParagraphStyleId { Val = LocalisedHeadingStyleId }), Run(text));

        public static W.Paragraph Paragraph(params string[] runs) => new W.Paragraph(runs.Select(Run));

        public static W.Table Table(params string[][] rows) =>
            new W.Table(rows.Select(cells => new W.TableRow(cells.Select(cell => new W.TableCell(Paragraph(cell))))));

        /// <summary>Writes the slides with their parts created in reverse, so part names disagree with the slide order.</summary>
        public static void WritePptx(string path, params SampleSlide[] slides)
        {
            using (var document = PresentationDocument.Create(path, PresentationDocumentType.Presentation))
            {
                var presentation = document.AddPresentationPart();
                var slideIds = new P.SlideIdList();
                presentation.Presentation = new P.Presentation(
                    slideIds,
                    new P.SlideSize { Cx = 9144000, Cy = 6858000 },
                    new P.NotesSize { Cx = 6858000, Cy = 9144000 });

                var relationshipIds = new string[slides.Length];
                for (var index = slides.Length - 1; index >= 0; index--)
                {
                    var slide = slides[index];
                    var slidePart = presentation.AddNewPart<SlidePart>();
                    var shapes = new List<OpenXmlElement>
                    {
                        Placeholder(2, slide.Title, P.PlaceholderValues.Title),
                        Placeholder(3, slide.Body, P.PlaceholderValues.Body),
                        Placeholder(4, (index + 1).ToString(), P.PlaceholderValues.SlideNumber),
                    };
                    if (slide.Table != null)
                    {
                        shapes.Add(SlideTable(5, slide.Table));
                    }

                    slidePart.Slide = new P.Slide(new P.CommonSlideData(ShapeTree(shapes)));
                    if (slide.Notes != null)
                    {
                        slidePart.AddNewPart<NotesSlidePart>().NotesSlide = new P.NotesSlide(new P.CommonSlideData(ShapeTree(new OpenXmlElement[]
                        {
                            Placeholder(2, string.Empty, P.PlaceholderValues.SlideImage),
                            Placeholder(3, slide.Notes, P.PlaceholderValues.Body),
                            Placeholder(4, (index + 1).ToString(), P.PlaceholderValues.SlideNumber),
                        })));
                    }

                    relationshipIds[index] = presentation.GetIdOfPart(slidePart);
                }

                for (var index = 0; index < slides.Length; index++)
                {
                    slideIds.Append(new P.SlideId { Id = (uint)(256 + index), RelationshipId = relationshipIds[index] });
                }
            }
        }

        /// <summary>
        /// Writes the sheets with their parts created in reverse (part names disagree with tab order),
        /// strings through the shared-string table, and a cellStyleXfs list that a reader must not
        /// confuse with cellXfs.
        /// </summary>
        public static void WriteXlsx(string path, params SampleSheet[] sheets)
        {
            using (var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook))
            {
                var workbook = document.AddWorkbookPart();
                var sharedStrings = new List<string>();
                workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();

                var relationshipIds = new string[sheets.Length];
                for (var index = sheets.Length - 1; index >= 0; index--)
                {
                    var worksheet = workbook.AddNewPart<WorksheetPart>();
                    worksheet.Worksheet = new S.Worksheet(new S.SheetData(sheets[index].Rows.Select((cells, row) => Row(row + 1, cells, sharedStrings))));
                    relationshipIds[index] = workbook.GetIdOfPart(worksheet);
                }

                workbook.AddNewPart<SharedStringTablePart>().SharedStringTable =
                    new S.SharedStringTable(sharedStrings.Select(text => new S.SharedStringItem(new S.Text(text) { Space = SpaceProcessingModeValues.Preserve })));
                workbook.Workbook = new S.Workbook(new S.Sheets(sheets.Select((sheet, index) =>
                    new S.Sheet { Name = sheet.Name, SheetId = (uint)(index + 1), Id = relationshipIds[index] })));
            }
        }

        private static W.Run Run(string text) => new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });

        private static P.ShapeTree ShapeTree(IEnumerable<OpenXmlElement> shapes)
        {
            var tree = new P.ShapeTree(
                new P.NonVisualGroupShapeProperties(
                    new P.NonVisualDrawingProperties { Id = 1, Name = string.Empty },
                    new P.NonVisualGroupShapeDrawingProperties(),
                    new P.ApplicationNonVisualDrawingProperties()),
                new P.GroupShapeProperties(new A.TransformGroup()));
            tree.Append(shapes);
            return tree;
        }

        private static P.Shape Placeholder(uint id, string text, P.PlaceholderValues type) =>
            new P.Shape(
                new P.NonVisualShapeProperties(
                    new P.NonVisualDrawingProperties { Id = id, Name = type + " " + id },
                    new P.NonVisualShapeDrawingProperties(),
                    new P.ApplicationNonVisualDrawingProperties(new P.PlaceholderShape { Type = type })),
                new P.ShapeProperties(),
                new P.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.Text(text)))));

        private static P.GraphicFrame SlideTable(uint id, string[][] rows)
        {
            var columns = rows.Max(row => row.Length);
            var table = new A.Table(new A.TableGrid(Enumerable.Range(0, columns).Select(_ => new A.GridColumn { Width = 1828800 })));
            table.Append(rows.Select(cells => new A.TableRow(cells.Select(cell =>
                new A.TableCell(new A.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.Text(cell)))), new A.TableCellProperties())))
            {
                Height = 370840,
            }));
            return new P.GraphicFrame(
                new P.NonVisualGraphicFrameProperties(
                    new P.NonVisualDrawingProperties { Id = id, Name = "Table " + id },
                    new P.NonVisualGraphicFrameDrawingProperties(),
                    new P.ApplicationNonVisualDrawingProperties()),
                new P.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 5486400, Cy = 741680 }),
                new A.Graphic(new A.GraphicData(table) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" }));
        }

        private static S.Stylesheet Stylesheet() =>
            new S.Stylesheet(
                new S.Fonts(new S.Font()),
                new S.Fills(new S.Fill(new S.PatternFill { PatternType = S.PatternValues.None })),
                new S.Borders(new S.Border()),
                new S.CellStyleFormats(new S.CellFormat { NumberFormatId = 0 }, new S.CellFormat { NumberFormatId = 0 }),
                new S.CellFormats(
                    new S.CellFormat { NumberFormatId = 0 },
                    new S.CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new S.CellFormat { NumberFormatId = 10, ApplyNumberFormat = true }));

        private static S.Row Row(int rowNumber, object?[] cells, List<string> sharedStrings)
        {
            var row = new S.Row { RowIndex = (uint)rowNumber };
            for (var column = 0; column < cells.Length; column++)
            {
                if (cells[column] == null)
                {
                    continue;
                }

                var cell = Cell(cells[column]!, sharedStrings);
                cell.CellReference = ColumnLetter(column) + rowNumber;
                row.Append(cell);
            }

            return row;
        }

        private static S.Cell Cell(object value, List<string> sharedStrings)
        {
            switch (value)
            {
                case string text:
                    sharedStrings.Add(text);
                    return new S.Cell { DataType = S.CellValues.SharedString, CellValue = new S.CellValue((sharedStrings.Count - 1).ToString()) };
                case InlineText inline:
                    return new S.Cell(new S.InlineString(new S.Text(inline.Text))) { DataType = S.CellValues.InlineString };
                case double number:
                    return new S.Cell { CellValue = new S.CellValue(number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) };
                case Percent percent:
                    return new S.Cell { StyleIndex = PercentStyle, CellValue = new S.CellValue(percent.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)) };
                case DateTime date:
                    return new S.Cell { StyleIndex = DateStyle, CellValue = new S.CellValue(date.ToOADate().ToString("R", System.Globalization.CultureInfo.InvariantCulture)) };
                case bool flag:
                    return new S.Cell { DataType = S.CellValues.Boolean, CellValue = new S.CellValue(flag ? "1" : "0") };
                default:
                    throw new ArgumentException("Unsupported sample cell value " + value.GetType().Name, nameof(value));
            }
        }

        private static string ColumnLetter(int column) => ((char)('A' + column)).ToString();
    }
}
