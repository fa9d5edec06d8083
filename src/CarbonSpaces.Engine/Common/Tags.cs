using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>String→string tags, stored as a JSON object with keys in a stable order.</summary>
    public static class Tags
    {
        public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

        public static string ToJson(IReadOnlyDictionary<string, string>? tags) =>
            JsonSerializer.Serialize((tags ?? Empty).OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value));

        public static IReadOnlyDictionary<string, string> FromJson(string json) =>
            JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>();
    }
}
