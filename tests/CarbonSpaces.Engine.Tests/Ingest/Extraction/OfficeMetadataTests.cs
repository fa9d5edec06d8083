using System;
using CarbonSpaces.Engine.Ingest.Extraction;
using DocumentFormat.OpenXml.ExtendedProperties;
using DocumentFormat.OpenXml.Packaging;
using Xunit;
using static CarbonSpaces.Engine.Tests.Ingest.Extraction.SampleOfficeDocuments;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class OfficeMetadataTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Fact]
        public void ADocxGivesItsTitleAuthorCreationTimeAndThePagesWordCounted()
        {
            var path = _samples.Path("handbook.docx");
            WriteDocx(path, "Employee Handbook", Paragraph("Welcome."));
            using (var document = WordprocessingDocument.Open(path, isEditable: true))
            {
                document.PackageProperties.Creator = "Ada Lovelace";
                document.PackageProperties.Created = new DateTime(2024, 3, 1, 9, 30, 0, DateTimeKind.Utc);
                document.AddExtendedFilePropertiesPart().Properties = new Properties(new Pages("3"));
            }

            var metadata = SampleExtraction.Run(path).Metadata.Values;

            Assert.Equal("Employee Handbook", metadata[MetadataKeys.Title]);
            Assert.Equal("Ada Lovelace", metadata[MetadataKeys.Author]);
            Assert.Equal(new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero), metadata[MetadataKeys.CreatedAt]);
            Assert.Equal(3L, metadata[MetadataKeys.PageCount]);
        }

        [Fact]
        public void APptxCountsItsSlides()
        {
            var path = _samples.Path("deck.pptx");
            WritePptx(path, new SampleSlide("One", "a"), new SampleSlide("Two", "b"));

            Assert.Equal(2L, SampleExtraction.Run(path).Metadata.Values[MetadataKeys.SlideCount]);
        }

        [Fact]
        public void AnXlsxCountsItsSheets()
        {
            var path = _samples.Path("book.xlsx");
            WriteXlsx(path, new SampleSheet("First", new object?[] { "A" }), new SampleSheet("Second", new object?[] { "B" }), new SampleSheet("Third", new object?[] { "C" }));

            Assert.Equal(3L, SampleExtraction.Run(path).Metadata.Values[MetadataKeys.SheetCount]);
        }

        [Fact]
        public void MetadataSurvivesTheStoreRoundTripWithItsTypes()
        {
            var metadata = new DocumentMetadata();
            metadata.Set(MetadataKeys.Title, "Minutes");
            metadata.Set(MetadataKeys.PageCount, 12L);
            metadata.Set(MetadataKeys.DurationSeconds, 3.25);
            metadata.Set(MetadataKeys.SentAt, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));

            var read = DocumentMetadata.FromJson(metadata.ToJson()).Values;

            Assert.Equal("Minutes", read[MetadataKeys.Title]);
            Assert.Equal(12L, read[MetadataKeys.PageCount]);
            Assert.Equal(3.25, read[MetadataKeys.DurationSeconds]);
            Assert.Equal(new DateTimeOffset(2025, 1, 2, 1, 4, 5, TimeSpan.Zero), read[MetadataKeys.SentAt]);
        }
    }
}
