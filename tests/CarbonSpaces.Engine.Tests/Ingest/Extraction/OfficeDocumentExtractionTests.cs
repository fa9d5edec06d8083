using System;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;
using static CarbonSpaces.Engine.Tests.Ingest.Extraction.SampleOfficeDocuments;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class OfficeDocumentExtractionTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Fact]
        public void DocxParagraphsHeadingsAndTablesComeOutInReadingOrder()
        {
            var path = _samples.Path("report.docx");
            WriteDocx(
                path,
                "Quarterly Report",
                Heading("Summary"),
                Paragraph("Revenue grew ", "in every region."),
                Table(new[] { "Region", "Revenue" }, new[] { "North", "1,200" }, new[] { "South", "900" }),
                Heading("Outlook"),
                Paragraph("Hiring continues."));

            var document = SampleExtraction.Run(path);

            Assert.Equal("DOCX", document.Format);
            Assert.Equal(
                new[] { "Summary", "Revenue grew in every region.", "Region | Revenue\nNorth | 1,200\nSouth | 900", "Outlook", "Hiring continues." },
                document.Segments.Select(segment => segment.Text));
        }

        [Fact]
        public void DocxTextIsLabelledWithTheHeadingItSitsUnder()
        {
            var path = _samples.Path("labels.docx");
            WriteDocx(path, null, Paragraph("Preamble."), Heading("Terms"), Paragraph("Pay within 30 days."), Table(new[] { "Fee", "5%" }));

            var document = SampleExtraction.Run(path);

            Assert.Equal(new string?[] { null, "Terms", "Terms", "Terms" }, document.Segments.Select(segment => segment.Label));
        }

        [Fact]
        public void DocxCoreTitleBecomesTheDocumentTitle()
        {
            var path = _samples.Path("titled.docx");
            WriteDocx(path, "Employee Handbook", Paragraph("Welcome."));

            Assert.Equal("Employee Handbook", SampleExtraction.Run(path).Title);
        }

        [Fact]
        public void PptxSlidesComeInPresentationOrderNumberedFromOne()
        {
            var path = _samples.Path("deck.pptx");
            WritePptx(
                path,
                new SampleSlide("Welcome", "Agenda for today"),
                new SampleSlide("Numbers", "Sales doubled"),
                new SampleSlide("Thanks", "Questions?"));

            var document = SampleExtraction.Run(path);

            Assert.Equal("PPTX", document.Format);
            Assert.Equal(
                new[] { (1, "Welcome\nAgenda for today"), (2, "Numbers\nSales doubled"), (3, "Thanks\nQuestions?") },
                document.Segments.Select(segment => (segment.Page!.Value, segment.Text)));
        }

        [Fact]
        public void PptxSpeakerNotesFollowTheirSlideLabelledNotes()
        {
            var path = _samples.Path("talk.pptx");
            WritePptx(
                path,
                new SampleSlide("Intro", "Who we are", Notes: "Mention the new office."),
                new SampleSlide("Close", "Thank you"));

            var segments = SampleExtraction.Run(path).Segments;

            Assert.Collection(
                segments,
                slide => Assert.Equal((1, null, "Intro\nWho we are"), (slide.Page!.Value, slide.Label, slide.Text)),
                notes => Assert.Equal((1, "Notes", "Mention the new office."), (notes.Page!.Value, notes.Label, notes.Text)),
                slide => Assert.Equal((2, null, "Close\nThank you"), (slide.Page!.Value, slide.Label, slide.Text)));
        }

        [Fact]
        public void PptxTablesAreReadAndSlideNumberPlaceholdersAreNot()
        {
            var path = _samples.Path("table.pptx");
            WritePptx(path, new SampleSlide("Pricing", "Two plans", Table: new[] { new[] { "Plan", "Price" }, new[] { "Pro", "$10" } }));

            var slide = Assert.Single(SampleExtraction.Run(path).Segments);

            Assert.Equal("Pricing\nTwo plans\nPlan | Price\nPro | $10", slide.Text);
        }

        [Fact]
        public void XlsxSheetsComeInTabOrderNumberedAndLabelledWithTheirNames()
        {
            var path = _samples.Path("book.xlsx");
            WriteXlsx(
                path,
                new SampleSheet("Sales", new object?[] { "Region", "Units" }, new object?[] { "North", 120d }),
                new SampleSheet("Staff", new object?[] { "Name" }, new object?[] { "Ada" }));

            var document = SampleExtraction.Run(path);

            Assert.Equal("XLSX", document.Format);
            Assert.Equal(
                new[] { (1, "Sales", false), (1, "Sales", true), (2, "Staff", false), (2, "Staff", true) },
                document.Segments.Select(segment => (segment.Page!.Value, segment.Label!, segment.IsRecord)));
            Assert.Equal("Sales\nRegion | Units", document.Segments[0].Text);
        }

        [Fact]
        public void XlsxRowsAreRecordsPrefixedWithTheirHeaders()
        {
            var path = _samples.Path("orders.xlsx");
            WriteXlsx(
                path,
                new SampleSheet(
                    "Orders",
                    new object?[] { "Customer", "Product", "Quantity" },
                    new object?[] { "Ada", new InlineText("Widget"), 3d },
                    new object?[] { "Alan", null, 12.5, "untitled column" }));

            var records = SampleExtraction.Run(path).Segments.Where(segment => segment.IsRecord).Select(segment => segment.Text);

            Assert.Equal(new[] { "Customer: Ada\nProduct: Widget\nQuantity: 3", "Customer: Alan\nQuantity: 12.5\nD: untitled column" }, records);
        }

        [Fact]
        public void XlsxDatesPercentagesBooleansAndFractionsReadAsASpreadsheetShowsThem()
        {
            var path = _samples.Path("values.xlsx");
            WriteXlsx(
                path,
                new SampleSheet(
                    "Values",
                    new object?[] { "Due", "Meeting", "Share", "Paid", "Sum" },
                    new object?[] { new DateTime(2024, 3, 15), new DateTime(2024, 3, 15, 14, 30, 0), new Percent(0.125), true, 0.1 + 0.2 }));

            var record = SampleExtraction.Run(path).Segments.Single(segment => segment.IsRecord);

            Assert.Equal("Due: 2024-03-15\nMeeting: 2024-03-15 14:30:00\nShare: 12.5%\nPaid: TRUE\nSum: 0.3", record.Text);
        }

        [Fact]
        public void XlsRowsAreRecordsPrefixedWithTheirHeadersSheetBySheet()
        {
            var path = _samples.Path("legacy.xls");
            XlsWorkbookWriter.Write(
                path,
                new SampleSheet("Inventory", new object?[] { "Item", "Count", "Checked", "In stock" }, new object?[] { "Bolts", 1200d, new DateTime(2023, 11, 2), true }),
                new SampleSheet("Suppliers", new object?[] { "Name" }, new object?[] { "Acme Ltd" }));

            var document = SampleExtraction.Run(path);

            Assert.Equal("XLS", document.Format);
            Assert.Equal(
                new[]
                {
                    (1, "Inventory", "Inventory\nItem | Count | Checked | In stock"),
                    (1, "Inventory", "Item: Bolts\nCount: 1200\nChecked: 2023-11-02\nIn stock: TRUE"),
                    (2, "Suppliers", "Suppliers\nName"),
                    (2, "Suppliers", "Name: Acme Ltd"),
                },
                document.Segments.Select(segment => (segment.Page!.Value, segment.Label!, segment.Text)));
        }
    }
}
