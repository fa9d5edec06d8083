using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class StructuredTextExtractionTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        private static string Nested(string open, string close, int depth, string content) =>
            string.Concat(Enumerable.Repeat(open, depth)) + content + string.Concat(Enumerable.Repeat(close, depth));

        [Fact]
        public void MarkdownBecomesPlainTextWithItsHeadingsKept()
        {
            var path = _samples.WriteText("README.md", "# Release notes\n\nSome **bold** text and a [link](https://example.com).\n\n- first item\n- second item\n\n| Plan | Price |\n|------|-------|\n| Pro  | 10    |\n");

            var document = SampleExtraction.Run(path);
            var text = SampleExtraction.AllText(document);

            Assert.Equal("MD", document.Format);
            Assert.StartsWith("Release notes", text);
            Assert.Contains("Some bold text and a link.", text);
            Assert.Contains("second item", text);
            Assert.Contains("Pro", text);
            Assert.DoesNotContain("**", text);
            Assert.DoesNotContain("https://example.com", text);
            Assert.DoesNotContain("|---", text);
        }

        [Fact]
        public void HtmlTitleComesFirstAndBecomesTheDocumentTitle()
        {
            var path = _samples.WriteText("page.html", "<html><head><title>Quarterly   results</title></head><body><h1>Results</h1><p>Revenue rose.</p></body></html>");

            var document = SampleExtraction.Run(path);

            Assert.Equal("Quarterly results", document.Title);
            Assert.Equal("Quarterly results\nResults\nRevenue rose.", SampleExtraction.AllText(document));
        }

        [Fact]
        public void HtmlScriptsStylesAndNoscriptAreDropped()
        {
            var path = _samples.WriteText("app.htm", "<html><head><style>body { color: red }</style><script>var secret = 'tracking';</script></head><body><noscript>Enable JavaScript</noscript><p>Visible text</p><!-- a comment --></body></html>");

            var document = SampleExtraction.Run(path);
            var text = SampleExtraction.AllText(document);

            Assert.Equal("HTML", document.Format);
            Assert.Equal("Visible text", text);
        }

        [Fact]
        public void HtmlBlocksBreakLinesAndEntitiesAreDecoded()
        {
            var path = _samples.WriteText("menu.html", "<body><div>Fish &amp; chips</div><p>Caf&eacute; &#8364;5<br>Tea&nbsp;&pound;2</p><ul><li>One</li><li>Two</li></ul><pre>  keep   spacing</pre></body>");

            var text = SampleExtraction.AllText(SampleExtraction.Run(path));

            Assert.Equal("Fish & chips\nCafé €5\nTea £2\nOne\nTwo\n  keep   spacing", text);
        }

        [Fact]
        public void HtmlTableRowsBecomeLinesOfCells()
        {
            var path = _samples.WriteText("prices.html", "<table><tr><th>Plan</th><th>Price</th></tr>\n<tr><td>Pro</td>\n<td>$10</td></tr></table>");

            Assert.Equal("Plan | Price\nPro | $10", SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Fact]
        public void HtmlNestedAsDeeplyAsBrowsersAllowIsRead()
        {
            var html = Nested("<div>", "</div>", 500, "deep text");

            var text = SampleExtraction.AllText(SampleExtraction.Run(_samples.WriteText("nested.html", html)));

            Assert.Equal("deep text", text);
        }

        [Fact]
        public void HtmlNestedDeeperThanBrowsersAllowIsRefusedQuicklyAsCorrupt()
        {
            var path = _samples.WriteText("hostile.html", Nested("<div>", "</div>", 200_000, "deep text"));
            var clock = Stopwatch.StartNew();

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains("nested", failure.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }

        [Fact]
        public void MarkdownTooDeeplyNestedToRenderIsIndexedAsItsSourceText()
        {
            var markdown = new string('>', 100_000) + " buried quote";

            var text = SampleExtraction.AllText(SampleExtraction.Run(_samples.WriteText("quotes.md", markdown)));

            Assert.EndsWith("buried quote", text);
        }

        [Fact]
        public void JsonIsFlattenedToDotPaths()
        {
            var path = _samples.WriteText("order.json", "{ \"customer\": { \"name\": \"Ada\", \"vip\": true }, \"lines\": [ { \"sku\": \"A-1\", \"qty\": 2 } ], \"note\": null, // comment\n }");

            var document = SampleExtraction.Run(path);

            Assert.Equal("JSON", document.Format);
            var segment = Assert.Single(document.Segments);
            Assert.False(segment.IsRecord);
            Assert.Equal("customer.name: Ada\ncustomer.vip: true\nlines[0].sku: A-1\nlines[0].qty: 2\nnote: null", segment.Text);
        }

        [Fact]
        public void ATopLevelJsonArrayGivesOneRecordPerElement()
        {
            var path = _samples.WriteText("people.json", "[{\"name\":\"Ada\",\"langs\":[\"en\",\"fr\"]},{\"name\":\"Alan\"},\"loose value\"]");

            var document = SampleExtraction.Run(path);

            Assert.Equal(new[] { "name: Ada\nlangs[0]: en\nlangs[1]: fr", "name: Alan", "loose value" }, document.Segments.Select(segment => segment.Text));
            Assert.All(document.Segments, segment => Assert.True(segment.IsRecord));
        }

        [Fact]
        public void MalformedJsonIsReportedAsCorrupt()
        {
            var failure = SampleExtraction.Failure(_samples.WriteText("broken.json", "{ \"name\": \"Ada\", "));

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains("broken.json", failure.Message);
            Assert.Contains("JSON", failure.Message);
        }

        [Fact]
        public void XmlTextAndAttributeValuesAreCollectedWithWhiteSpaceCollapsed()
        {
            var path = _samples.WriteText("catalog.xml", "<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:books\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:books books.xsd\">\n  <book id=\"bk101\">\n    <title>  XML   Developer's\n Guide </title>\n    <!-- not content -->\n    <summary><![CDATA[Tags like <b> stay text]]></summary>\n  </book>\n</catalog>");

            var document = SampleExtraction.Run(path);

            Assert.Equal("XML", document.Format);
            Assert.Equal("id: bk101\nXML Developer's Guide\nTags like <b> stay text", SampleExtraction.AllText(document));
        }

        [Fact]
        public void XmlInALatin1EncodingDeclaredByTheFileIsDecoded()
        {
            var path = _samples.WriteBytes("legacy.xml", Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><note>Café</note>"));

            Assert.Equal("Café", SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Fact]
        public void AnXmlEntityExpansionBombIsNeverExpanded()
        {
            var bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
            for (var level = 1; level <= 9; level++)
            {
                bomb.Append($"<!ENTITY lol{level} \"").Append(string.Concat(Enumerable.Repeat($"&lol{level - 1};", 10)).Replace("&lol0;", "&lol;")).Append("\">");
            }

            bomb.Append("]><lolz>&lol9;</lolz>");
            var path = _samples.WriteText("lolz.xml", bomb.ToString());
            var clock = Stopwatch.StartNew();

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
    }
}
