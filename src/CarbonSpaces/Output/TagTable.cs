using System;
using System.Collections;
using System.Collections.Generic;

namespace CarbonSpaces
{
    /// <summary>Tags as PowerShell users handle them: a case-insensitive hashtable.</summary>
    internal static class TagTable
    {
        public static Hashtable From(IReadOnlyDictionary<string, string> tags)
        {
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var tag in tags)
            {
                table[tag.Key] = tag.Value;
            }

            return table;
        }
    }
}
