namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// A 48-bit hash of what a listing says of an object (key, size, ETag, time to the second).
    /// A listing page and the store agree on a key range when they hold as many objects and the
    /// sums of their fingerprints are equal; a change that keeps both equal has a chance of about
    /// 2^-48. 48 bits keep a sum of up to 32,767 fingerprints exact in a 64-bit integer (SQLite's
    /// sum() fails on overflow); a page holds at most 1,000 keys and the store's side is summed over
    /// at most one row more. The value is stored, so this function must never change.
    /// </summary>
    internal static class ItemFingerprint
    {
        private const ulong FnvOffset = 14695981039346656037;
        private const ulong FnvPrime = 1099511628211;
        private const long Mask = (1L << 48) - 1;

        public static long Of(string key, long size, string? etag, long? modifiedSeconds)
        {
            var hash = Add(FnvOffset, key);
            hash = Mix(hash ^ (ulong)key.Length); // so that key "ab" + ETag "c" differs from "a" + "bc"
            hash = Add(hash, etag ?? string.Empty);
            hash = Mix(hash ^ (ulong)(etag?.Length ?? -1)); // so that no ETag differs from an empty one
            hash = Mix(hash ^ (ulong)size);
            hash = Mix(hash ^ (ulong)(modifiedSeconds ?? long.MinValue));
            return (long)hash & Mask;
        }

        private static ulong Add(ulong hash, string text)
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * FnvPrime;
            }

            return hash;
        }

        /// <summary>MurmurHash3's 64-bit finalizer: every input bit moves about half the output bits.</summary>
        private static ulong Mix(ulong value)
        {
            value ^= value >> 33;
            value *= 0xff51afd7ed558ccd;
            value ^= value >> 33;
            value *= 0xc4ceb9fe1a85ec53;
            value ^= value >> 33;
            return value;
        }
    }
}
