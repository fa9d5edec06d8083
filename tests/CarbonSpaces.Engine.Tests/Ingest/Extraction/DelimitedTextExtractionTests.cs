using System;
using System.Linq;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class DelimitedTextExtractionTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Fact]
        public void CsvRowsCarryTheirHeader()
        {
            var path = _samples.WriteText("customers.csv", "Name,City,Plan\nAda Lovelace,London,Pro\nAlan Turing,Manchester,Free\n");

            var document = SampleExtraction.Run(path);

            Assert.Equal("CSV", document.Format);
            Assert.Collection(
                document.Segments,
                first => Assert.Equal("Name: Ada Lovelace\nCity: London\nPlan: Pro", first.Text),
                second => Assert.Equal("Name: Alan Turing\nCity: Manchester\nPlan: Free", second.Text));
            Assert.All(document.Segments, segment => Assert.True(segment.IsRecord));
        }

        [Fact]
        public void QuotedCsvFieldsKeepTheirCommasLineBreaksAndQuotes()
        {
            var path = _samples.WriteText("quotes.csv", "Product,Note\r\n\"Widget, large\",\"Says \"\"hello\"\"\r\non two lines\"\r\n");

            var record = Assert.Single(SampleExtraction.Run(path).Segments);

            Assert.Equal("Product: Widget, large\nNote: Says \"hello\"\non two lines", record.Text);
        }

        [Fact]
        public void EmptyValuesAreLeftOutAndExtraValuesAreNamedByColumn()
        {
            var path = _samples.WriteText("sparse.csv", "Name,Email\nGrace,,hopper@example.com\n");

            var record = Assert.Single(SampleExtraction.Run(path).Segments);

            Assert.Equal("Name: Grace\nColumn 3: hopper@example.com", record.Text);
        }

        [Fact]
        public void TsvRowsCarryTheirHeader()
        {
            var path = _samples.WriteText("stock.tsv", "Item\tCount\nBolts\t1,200\n");

            var document = SampleExtraction.Run(path);

            Assert.Equal("TSV", document.Format);
            Assert.Equal("Item: Bolts\nCount: 1,200", Assert.Single(document.Segments).Text);
        }

        [Fact]
        public void SemicolonSeparatedCsvFromADecimalCommaLocaleIsSplitOnSemicolons()
        {
            var path = _samples.WriteText("preise.csv", "Artikel;Preis\nKaffee;3,50\n");

            Assert.Equal("Artikel: Kaffee\nPreis: 3,50", Assert.Single(SampleExtraction.Run(path).Segments).Text);
        }

        [Fact]
        public void ACsvWithOnlyAHeaderYieldsTheHeader()
        {
            var document = SampleExtraction.Run(_samples.WriteText("empty-table.csv", "Name,City\n"));

            var segment = Assert.Single(document.Segments);
            Assert.Equal("Name | City", segment.Text);
            Assert.False(segment.IsRecord);
        }

        [Fact]
        public void BlankLinesBetweenCsvRowsAreSkipped()
        {
            var document = SampleExtraction.Run(_samples.WriteText("gaps.csv", "A,B\n\n1,2\n\n3,4\n"));

            Assert.Equal(new[] { "A: 1\nB: 2", "A: 3\nB: 4" }, document.Segments.Select(segment => segment.Text));
        }
    }
}
