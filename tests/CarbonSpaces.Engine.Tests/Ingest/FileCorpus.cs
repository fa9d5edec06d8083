using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Tests.Ingest.Extraction;
using CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats;
using CarbonSpaces.Engine.Tests.TestSupport;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    /// <summary>
    /// A bucket holding one real file of every supported format, each with a marker word only it
    /// contains, next to the hostile objects the sync must survive.
    /// </summary>
    public static class FileCorpus
    {
        public static readonly IReadOnlyDictionary<string, string> Markers = new Dictionary<string, string>
        {
            ["plain/notes.txt"] = "xylophonetxt",
            ["plain/utf16.txt"] = "xylophoneutf",
            ["plain/latin1.txt"] = "xylophonelatin",
            ["docs/guide.md"] = "xylophonemd",
            ["data/people.csv"] = "xylophonecsv",
            ["data/people.tsv"] = "xylophonetsv",
            ["data/config.json"] = "xylophonejson",
            ["web/page.html"] = "xylophonehtml",
            ["web/feed.xml"] = "xylophonexml",
            ["office/handbook.docx"] = "xylophonedocx",
            ["office/deck.pptx"] = "xylophonepptx",
            ["office/budget.xlsx"] = "xylophonexlsx",
            ["office/legacy.xls"] = "xylophonexls",
            ["pdf/report.pdf"] = "xylophonepdf",
            ["images/receipt.png"] = "xylophonepng",
            ["mail/message.eml"] = "xylophoneeml",
            ["mail/forwarded.eml"] = "xylophoneattached",
            ["docs/letter.rtf"] = "xylophonertf",
        };

        /// <summary>Objects that must end in SYNC_ERROR, with the error id each must give.</summary>
        public static readonly IReadOnlyDictionary<string, string> Broken = new Dictionary<string, string>
        {
            ["bad/corrupt.docx"] = "CarbonSpaces.CorruptFile",
            ["bad/corrupt.xlsx"] = "CarbonSpaces.CorruptFile",
            ["bad/corrupt.pptx"] = "CarbonSpaces.CorruptFile",
            ["bad/bomb.docx"] = "CarbonSpaces.FileTooLarge",
            ["bad/binary.txt"] = "CarbonSpaces.NotText",
            ["bad/program.exe"] = "CarbonSpaces.UnsupportedFormat",
            ["bad/corrupt.pdf"] = "CarbonSpaces.CorruptFile",
            ["bad/locked.pdf"] = "CarbonSpaces.PasswordProtected",
            ["bad/truncated.jpg"] = "CarbonSpaces.CorruptFile",
            ["bad/huge.txt"] = "CarbonSpaces.FileTooLarge",
        };

        public const string EmptyKey = "plain/empty.txt";

        public const string EscapingKey = "../../escape-attempt.txt";

        /// <summary>Over the 1 MB limit the tests sync with.</summary>
        public const int HugeBytes = 1_200_000;

        public static async Task SeedAsync(Amazon.S3.IAmazonS3 client, string bucket)
        {
            var folder = Path.Combine(Path.GetTempPath(), "carbonspaces-corpus-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                foreach (var sample in Build(folder))
                {
                    await TestS3.PutAsync(client, bucket, sample.Key, sample.Value);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static IEnumerable<KeyValuePair<string, byte[]>> Build(string folder)
        {
            string M(string key) => Markers[key];
            KeyValuePair<string, byte[]> Text(string key, string text, Encoding? encoding = null) =>
                new KeyValuePair<string, byte[]>(key, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
            KeyValuePair<string, byte[]> FromFile(string key, Action<string> write)
            {
                var path = Path.Combine(folder, Path.GetFileName(key));
                write(path);
                return new KeyValuePair<string, byte[]>(key, File.ReadAllBytes(path));
            }

            yield return Text("plain/notes.txt", $"Parental leave policy.\n\nEmployees get sixteen weeks of leave. {M("plain/notes.txt")}");
            yield return new KeyValuePair<string, byte[]>("plain/utf16.txt", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"Unicode text {M("plain/utf16.txt")} ünïcødé")).ToArray());
            yield return Text("plain/latin1.txt", $"Café crème {M("plain/latin1.txt")}", Encoding.Latin1);
            yield return Text("docs/guide.md", $"# Guide\n\nSome **bold** words and {M("docs/guide.md")}.");
            yield return Text("data/people.csv", $"name,role\nAda,{M("data/people.csv")}\nGrace,admiral\n");
            yield return Text("data/people.tsv", $"name\trole\nAda\t{M("data/people.tsv")}\n");
            yield return Text("data/config.json", $"{{\"service\": {{\"name\": \"{M("data/config.json")}\"}}}}");
            yield return Text("web/page.html", $"<html><head><title>Page</title><script>var hidden = 'scriptonly';</script></head><body><p>{M("web/page.html")}</p></body></html>");
            yield return Text("web/feed.xml", $"<feed><entry><title>{M("web/feed.xml")}</title></entry></feed>");
            yield return FromFile("office/handbook.docx", p => SampleOfficeDocuments.WriteDocx(p, "Handbook", SampleOfficeDocuments.Heading("Leave"), SampleOfficeDocuments.Paragraph($"Handbook text {M("office/handbook.docx")}")));
            yield return FromFile("office/deck.pptx", p => SampleOfficeDocuments.WritePptx(p, new SampleSlide("First", "Intro"), new SampleSlide("Second", $"Body {M("office/deck.pptx")}")));
            yield return FromFile("office/budget.xlsx", p => SampleOfficeDocuments.WriteXlsx(p, new SampleSheet("Budget", new object?[] { "Item", "Cost" }, new object?[] { M("office/budget.xlsx"), 12.5 })));
            yield return FromFile("pdf/report.pdf", p => WritePdf(p, new[] { "Annual report" }, new[] { $"Second page {M("pdf/report.pdf")}" }));
            yield return FromFile("images/receipt.png", p => SampleImages.Text(p, 900, 200, $"Receipt {M("images/receipt.png")}"));
            yield return new KeyValuePair<string, byte[]>("mail/message.eml", SampleMail.Bytes(SampleMail.Message("Corpus mail", $"Body of the mail {M("mail/message.eml")}")));
            yield return new KeyValuePair<string, byte[]>("mail/forwarded.eml", SampleMail.Bytes(SampleMail.Message("With attachment", "See attached.", null,
                ("notes.txt", Encoding.UTF8.GetBytes($"Attached notes {M("mail/forwarded.eml")}")))));
            yield return Text("docs/letter.rtf", $@"{{\rtf1\ansi{{\fonttbl{{\f0 Arial;}}}}\f0 Dear reader, {M("docs/letter.rtf")}.\par }}");
            yield return FromFile("office/legacy.xls", p => XlsWorkbookWriter.Write(p, new SampleSheet("Legacy", new object?[] { "Item" }, new object?[] { M("office/legacy.xls") })));

            yield return new KeyValuePair<string, byte[]>("bad/corrupt.docx", HostileSamples.RandomBytes(5000, 1));
            yield return new KeyValuePair<string, byte[]>("bad/corrupt.xlsx", HostileSamples.RandomBytes(5000, 2));
            yield return new KeyValuePair<string, byte[]>("bad/corrupt.pptx", HostileSamples.RandomBytes(5000, 3));
            yield return FromFile("bad/bomb.docx", p =>
            {
                SampleOfficeDocuments.WriteDocx(p, null, SampleOfficeDocuments.Paragraph("tiny"));
                HostileSamples.DeclareUncompressedSize(p, HostileSamples.DocumentPart, 0xF0000000);
            });
            yield return new KeyValuePair<string, byte[]>("bad/binary.txt", HostileSamples.RandomBytes(4000, 4));
            yield return new KeyValuePair<string, byte[]>("bad/program.exe", new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 });
            yield return new KeyValuePair<string, byte[]>("bad/truncated.jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F' });
            yield return Text("bad/corrupt.pdf", "%PDF-1.4\n%fake\n");
            yield return FromFile("bad/locked.pdf", p => SamplePdfs.Encrypt(WritePdf(p + ".plain", new[] { "locked away" }), p));
            yield return new KeyValuePair<string, byte[]>("bad/huge.txt", Encoding.ASCII.GetBytes(new string('a', HugeBytes)));
            yield return new KeyValuePair<string, byte[]>(EmptyKey, new byte[0]);
            yield return Text(EscapingKey, "a key that tries to climb out of the download folder");
        }

        private static string WritePdf(string path, params string[][] pages)
        {
            File.WriteAllBytes(path, SamplePdfs.Text(pages));
            return path;
        }
    }
}
