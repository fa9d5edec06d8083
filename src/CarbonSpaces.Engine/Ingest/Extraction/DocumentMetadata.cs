using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// What a file says about itself (page count, title, dimensions, duration …), under the names
    /// of <see cref="MetadataKeys"/>. Values are strings, whole numbers, decimals or UTC
    /// timestamps; a value the file does not have is left out rather than stored empty.
    /// </summary>
    public sealed class DocumentMetadata
    {
        private readonly SortedDictionary<string, object> _values = new SortedDictionary<string, object>(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, object> Values => _values;

        public void Set(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                _values[key] = value!.Trim();
            }
        }

        public void Set(string key, long? value)
        {
            if (value.HasValue)
            {
                _values[key] = value.Value;
            }
        }

        /// <summary>Decimals that are not finite (a broken duration) are left out.</summary>
        public void Set(string key, double? value)
        {
            if (value.HasValue && !double.IsNaN(value.Value) && !double.IsInfinity(value.Value))
            {
                _values[key] = value.Value;
            }
        }

        public void Set(string key, DateTimeOffset? value)
        {
            if (value.HasValue)
            {
                _values[key] = value.Value.ToUniversalTime();
            }
        }

        /// <summary>The form files.metadata stores: a JSON object, timestamps in ISO 8601.</summary>
        public string ToJson()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var pair in _values)
                {
                    switch (pair.Value)
                    {
                        case string text:
                            writer.WriteString(pair.Key, text);
                            break;
                        case long number:
                            writer.WriteNumber(pair.Key, number);
                            break;
                        case double number:
                            writer.WriteNumber(pair.Key, number);
                            break;
                        case DateTimeOffset time:
                            writer.WriteString(pair.Key, time.ToString("o", CultureInfo.InvariantCulture));
                            break;
                    }
                }

                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>Reads back what <see cref="ToJson"/> wrote; names ending in "At" become timestamps again.</summary>
        public static DocumentMetadata FromJson(string json)
        {
            var metadata = new DocumentMetadata();
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Number)
                {
                    if (value.TryGetInt64(out var whole))
                    {
                        metadata.Set(property.Name, whole);
                    }
                    else
                    {
                        metadata.Set(property.Name, value.GetDouble());
                    }
                }
                else if (value.ValueKind == JsonValueKind.String)
                {
                    var text = value.GetString();
                    if (property.Name.EndsWith("At", StringComparison.Ordinal)
                        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
                    {
                        metadata.Set(property.Name, time);
                    }
                    else
                    {
                        metadata.Set(property.Name, text);
                    }
                }
            }

            return metadata;
        }
    }
}
