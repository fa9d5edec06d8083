namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// S3 lists keys in UTF-8 byte order, which is also how SQLite compares TEXT. Ordinal UTF-16
    /// comparison differs from it for characters above U+FFFF, so compare by code point.
    /// </summary>
    internal static class Utf8Order
    {
        public static int Compare(string a, string b)
        {
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                var x = CodePointAt(a, ref i);
                var y = CodePointAt(b, ref j);
                if (x != y)
                {
                    return x < y ? -1 : 1;
                }
            }

            return (a.Length - i).CompareTo(b.Length - j);
        }

        private static int CodePointAt(string s, ref int index)
        {
            var c = s[index++];
            if (char.IsHighSurrogate(c) && index < s.Length && char.IsLowSurrogate(s[index]))
            {
                return char.ConvertToUtf32(c, s[index++]);
            }

            return c;
        }
    }
}
