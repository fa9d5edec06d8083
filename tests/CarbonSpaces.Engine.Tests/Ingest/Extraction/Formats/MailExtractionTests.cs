using System;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;
using static CarbonSpaces.Engine.Tests.Ingest.Extraction.SampleOfficeDocuments;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    public sealed class MailExtractionTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Fact]
        public void AnEmailGivesItsHeadersBodyAndEachAttachmentUnderItsName()
        {
            var docx = _samples.Path("plan.docx");
            WriteDocx(docx, null, Paragraph("The plan says grow carefully."));
            var pdf = SamplePdfs.Text(new[] { new[] { "Figures for the first quarter" } });
            var message = SampleMail.Message("Quarterly numbers", "Please find the figures attached.", null, ("figures.pdf", pdf), ("plan.docx", System.IO.File.ReadAllBytes(docx)));
            var path = _samples.WriteBytes("numbers.eml", SampleMail.Bytes(message));

            var document = SampleExtraction.Run(path);

            var text = SampleExtraction.AllText(document);
            Assert.Equal("EML", document.Format);
            Assert.Contains("From: \"Ada Lovelace\" <ada@example.com>", text);
            Assert.Contains("To: \"Charles Babbage\" <charles@example.com>", text);
            Assert.Contains("Subject: Quarterly numbers", text);
            Assert.Contains("Please find the figures attached.", text);
            Assert.Contains("Attachment: figures.pdf\n\nFigures for the first quarter", text);
            Assert.Contains("Attachment: plan.docx\n\nThe plan says grow carefully.", text);
            var metadata = document.Metadata.Values;
            Assert.Equal("\"Ada Lovelace\" <ada@example.com>", metadata[MetadataKeys.From]);
            Assert.Equal("\"Charles Babbage\" <charles@example.com>", metadata[MetadataKeys.To]);
            Assert.Equal("Quarterly numbers", metadata[MetadataKeys.Subject]);
            Assert.Equal(new DateTimeOffset(2025, 2, 3, 9, 30, 0, TimeSpan.Zero), metadata[MetadataKeys.SentAt]);
            Assert.Equal(2L, metadata[MetadataKeys.Attachments]);
        }

        [Fact]
        public void AnHtmlOnlyEmailIsReadAsTheTextAReaderSees()
        {
            var message = SampleMail.Message("Newsletter", null, "<html><head><script>var tracking = 'pixelonly';</script></head><body><h1>Spring news</h1><p>The garden opens in April.</p></body></html>");
            var path = _samples.WriteBytes("news.eml", SampleMail.Bytes(message));

            var text = SampleExtraction.AllText(SampleExtraction.Run(path));

            Assert.Contains("Spring news", text);
            Assert.Contains("The garden opens in April.", text);
            Assert.DoesNotContain("pixelonly", text);
        }

        [Fact]
        public void AnEmailNestingEmailsFiftyDeepIsReadToTheDepthLimitAndSaysSo()
        {
            var message = SampleMail.Message("level 0", "innermost words level0");
            for (var level = 1; level <= 50; level++)
            {
                message = SampleMail.Forwarding(message, $"level {level}", $"forwarded words level{level}");
            }

            var path = _samples.WriteBytes("chain.eml", SampleMail.Bytes(message));

            var document = SampleExtraction.Run(path);

            var text = SampleExtraction.AllText(document);
            Assert.True(text.Contains("level50"), text);
            Assert.Contains("level47", text);
            Assert.DoesNotContain("level46", text);
            Assert.Contains(document.Notices, n => n.Contains("MaxAttachmentDepth") && n.Contains("chain.eml"));
        }

        [Fact]
        public void AnAttachmentOverTheSizeLimitIsLeftOutWithANoticeAndTheMessageIsStillRead()
        {
            var message = SampleMail.Message("Big file", "See the large log.", null, ("huge.txt", new byte[3000]));
            var path = _samples.WriteBytes("big.eml", SampleMail.Bytes(message));

            var document = SampleExtraction.Run(path, new ExtractionLimits { MaxAttachmentBytes = 1000 });

            Assert.Contains("See the large log.", SampleExtraction.AllText(document));
            Assert.Contains(document.Notices, n => n.Contains("huge.txt") && n.Contains("MaxAttachmentBytes"));
        }

        [Fact]
        public void ADamagedAttachmentIsLeftOutWithItsErrorAndTheMessageIsStillRead()
        {
            var message = SampleMail.Message("Broken", "The scan did not survive.", null, ("scan.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }));
            var path = _samples.WriteBytes("broken.eml", SampleMail.Bytes(message));

            var document = SampleExtraction.Run(path);

            Assert.Contains("The scan did not survive.", SampleExtraction.AllText(document));
            Assert.Contains(document.Notices, n => n.Contains("broken.eml > scan.pdf") && n.Contains("could not be read as PDF"));
        }
    }
}
