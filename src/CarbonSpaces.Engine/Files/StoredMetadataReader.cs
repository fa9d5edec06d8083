using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>
    /// Reads files.metadata back. Most files (plain text) have none, so the empty object costs no
    /// parse and every such file shares one empty, read-only dictionary.
    /// </summary>
    internal sealed class StoredMetadataReader
    {
        private static readonly IReadOnlyDictionary<string, object> None = new DocumentMetadata().Values;

        public IReadOnlyDictionary<string, object> Read(string json) =>
            json == "{}" ? None : DocumentMetadata.FromJson(json).Values;
    }
}
