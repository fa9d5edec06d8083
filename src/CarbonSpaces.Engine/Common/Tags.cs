using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// String→string tags, stored as a JSON object with keys in a stable order. Written and read with
    /// the JSON writer and document directly: every command reads a data source's tags, and
    /// JsonSerializer's reflection path cost a new process some 500 JIT-compiled methods to do it.
    /// </summary>
    public static class Tags
    {
        public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

        public static string ToJson(IReadOnlyDictionary<string, string>? tags)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var tag in (tags ?? Empty).OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(tag.Key, tag.Value);
                }

                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        public static IReadOnlyDictionary<string, string> FromJson(string json)
        {
            using var document = JsonDocument.Parse(json);
            var tags = new Dictionary<string, string>();
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return tags;
            }

            foreach (var tag in document.RootElement.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString()!;
            }

            return tags;
        }
    }
}
