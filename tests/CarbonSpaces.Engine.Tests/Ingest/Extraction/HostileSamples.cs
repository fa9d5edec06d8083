using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    /// <summary>Builds the damaged and malicious files an extractor must survive: zip bombs, lying zips, truncated and random files.</summary>
    public static class HostileSamples
    {
        public const string DocumentPart = "word/document.xml";

        private const string DocumentStart = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
        private const string DocumentEnd = "</w:body></w:document>";

        /// <summary>
        /// A .docx whose main part really inflates to about <paramref name="bytes"/> bytes of
        /// paragraphs that all say the same thing, so it compresses a thousandfold. Naming the part
        /// something other than *.xml hides it from a check that only counts XML entries.
        /// </summary>
        public static void WriteInflatingDocx(string path, long bytes, string mainPart = DocumentPart)
        {
            const string paragraph = "<w:p><w:r><w:t>All work and no play makes Jack a dull boy.</w:t></w:r></w:p>";
            WriteHandMadeDocx(path, mainPart, body =>
            {
                var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(paragraph, 1000)));
                for (long written = 0; written < bytes; written += chunk.Length)
                {
                    body.Write(chunk, 0, chunk.Length);
                }
            });
        }

        /// <summary>A .docx whose single paragraph is one text run of <paramref name="characters"/> letters.</summary>
        public static void WriteDocxWithOneHugeTextRun(string path, long characters)
        {
            WriteHandMadeDocx(path, DocumentPart, body =>
            {
                Write(body, "<w:p><w:r><w:t>");
                var letters = Encoding.UTF8.GetBytes(new string('a', 1 << 20));
                for (long written = 0; written < characters; written += letters.Length)
                {
                    body.Write(letters, 0, letters.Length);
                }

                Write(body, "</w:t></w:r></w:p>");
            });
        }

        /// <summary>
        /// Rewrites the uncompressed size that the zip records (in the local header and the central
        /// directory) for one entry, leaving its data alone: the size a hostile zip lies about.
        /// </summary>
        public static void DeclareUncompressedSize(string path, string entryName, uint declaredSize)
        {
            var zip = File.ReadAllBytes(path);
            var endOfDirectory = LastIndexOfSignature(zip, 0x06054b50);
            var entries = BitConverter.ToUInt16(zip, endOfDirectory + 10);
            var position = BitConverter.ToInt32(zip, endOfDirectory + 16);
            for (var i = 0; i < entries; i++)
            {
                var nameLength = BitConverter.ToUInt16(zip, position + 28);
                var extraLength = BitConverter.ToUInt16(zip, position + 30);
                var commentLength = BitConverter.ToUInt16(zip, position + 32);
                var name = Encoding.UTF8.GetString(zip, position + 46, nameLength);
                if (name == entryName)
                {
                    BitConverter.GetBytes(declaredSize).CopyTo(zip, position + 24);
                    var localHeader = BitConverter.ToInt32(zip, position + 42);
                    BitConverter.GetBytes(declaredSize).CopyTo(zip, localHeader + 22);
                }

                position += 46 + nameLength + extraLength + commentLength;
            }

            File.WriteAllBytes(path, zip);
        }

        /// <summary>The first <paramref name="keptBytes"/> of a file, as an interrupted download leaves it.</summary>
        public static void Truncate(string path, int keptBytes)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.SetLength(keptBytes);
            }
        }

        /// <summary>Repeatable noise: what a file of the wrong type or a wrecked one looks like to a parser.</summary>
        public static byte[] RandomBytes(int count, int seed)
        {
            var bytes = new byte[count];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        /// <summary>The smallest package Word's reader accepts: content types, the package relationship, the main part.</summary>
        private static void WriteHandMadeDocx(string path, string mainPart, Action<Stream> writeParagraphs)
        {
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                WriteEntry(zip, "[Content_Types].xml", entry => Write(entry,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + $"<Override PartName=\"/{mainPart}\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
                WriteEntry(zip, "_rels/.rels", entry => Write(entry,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + $"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"{mainPart}\"/></Relationships>"));
                WriteEntry(zip, mainPart, body =>
                {
                    Write(body, DocumentStart);
                    writeParagraphs(body);
                    Write(body, DocumentEnd);
                });
            }
        }

        private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
        {
            using (var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open())
            {
                write(entry);
            }
        }

        private static void Write(Stream stream, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        }

        private static int LastIndexOfSignature(byte[] bytes, uint signature)
        {
            for (var i = bytes.Length - 22; i >= 0; i--)
            {
                if (BitConverter.ToUInt32(bytes, i) == signature)
                {
                    return i;
                }
            }

            throw new InvalidDataException("Not a zip file: no end of central directory record.");
        }
    }
}
