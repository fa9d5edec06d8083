using System;
using System.IO;
using System.Text;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    /// <summary>A temporary folder of sample files for one test class, deleted afterwards.</summary>
    public sealed class SampleFolder : IDisposable
    {
        public SampleFolder()
        {
            Root = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carbonspaces-extraction-" + Guid.NewGuid().ToString("N"))).FullName;
        }

        public string Root { get; }

        public string Path(string fileName) => System.IO.Path.Combine(Root, fileName);

        public string WriteText(string fileName, string text) => WriteText(fileName, text, new UTF8Encoding(false));

        /// <summary>Writes the text in <paramref name="encoding"/>, with its BOM only if the encoding emits one.</summary>
        public string WriteText(string fileName, string text, Encoding encoding)
        {
            var preamble = encoding.GetPreamble();
            var body = encoding.GetBytes(text);
            var bytes = new byte[preamble.Length + body.Length];
            preamble.CopyTo(bytes, 0);
            body.CopyTo(bytes, preamble.Length);
            return WriteBytes(fileName, bytes);
        }

        public string WriteBytes(string fileName, byte[] bytes)
        {
            var path = Path(fileName);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
