using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Commands
{
    /// <summary>Checks that a -Tag hashtable maps strings to strings, as Carbon's tags do.</summary>
    internal static class TagParameter
    {
        public static IReadOnlyDictionary<string, string> Parse(Hashtable table, string parameterName)
        {
            var tags = new Dictionary<string, string>();
            foreach (DictionaryEntry entry in table)
            {
                var key = Unwrap(entry.Key);
                var value = Unwrap(entry.Value);
                if (!(key is string name) || name.Length == 0 || !(value is string || value is char || IsNumberOrBool(value)))
                {
                    throw new CarbonSpacesException(
                        "CarbonSpaces.InvalidTag",
                        FailureKind.InvalidArgument,
                        $"-{parameterName} must map names to single string values, e.g. @{{ team = 'hr'; lang = 'en' }}; '{entry.Key}' = '{entry.Value}' is not.",
                        entry.Key);
                }

                tags[name] = System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
            }

            return tags;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static bool IsNumberOrBool(object? value) =>
            value is int || value is long || value is double || value is decimal || value is bool;
    }
}
