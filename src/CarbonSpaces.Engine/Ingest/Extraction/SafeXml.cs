using System.IO;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// XML readers for untrusted files: a DOCTYPE is skipped rather than processed, so entity
    /// expansion ("billion laughs") and external entities never happen, and nothing is fetched.
    /// </summary>
    internal static class SafeXml
    {
        public static XmlReader CreateReader(Stream stream) =>
            XmlReader.Create(stream, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                CloseInput = false,
            });
    }
}
