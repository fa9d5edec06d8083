using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// How a listing may be split into key ranges listed side by side. Against a far endpoint a page
    /// is mostly waiting for the network, so several ranges at once cut the listing several-fold;
    /// against one on the same machine a page is the server's CPU, which ranges side by side do not
    /// add to, so a listing splits only when its first page took long enough to say it is far.
    /// </summary>
    internal sealed class ListingSplit
    {
        /// <param name="keys">Ascending keys to split at (from the store's keys of the scope), or null to find them from the bucket's common prefixes.</param>
        /// <param name="ranges">At most this many ranges listed at once.</param>
        /// <param name="minLatency">Split only if the listing's first page took at least this long (zero: split at once).</param>
        public ListingSplit(IReadOnlyList<string>? keys, int ranges, TimeSpan minLatency)
        {
            Keys = keys;
            Ranges = ranges;
            MinLatency = minLatency;
        }

        public IReadOnlyList<string>? Keys { get; }

        public int Ranges { get; }

        public TimeSpan MinLatency { get; }

        /// <summary>
        /// The keys at which <paramref name="count"/> keys in the store split evenly into ranges of
        /// at least two pages each, up to <paramref name="ranges"/> of them: none when they fill fewer than four pages.
        /// </summary>
        /// <param name="keyAt">The store's key at an offset in key order.</param>
        public static IReadOnlyList<string> EvenKeys(long count, int pageSize, int ranges, Func<long, string?> keyAt)
        {
            var split = (int)Math.Min(ranges, count / (2L * pageSize));
            var keys = new List<string>();
            if (split < 2)
            {
                return keys;
            }

            for (var i = 1; i < split; i++)
            {
                var key = keyAt(count * i / split);
                if (key != null && (keys.Count == 0 || Utf8Order.Compare(key, keys[keys.Count - 1]) > 0))
                {
                    keys.Add(key);
                }
            }

            return keys;
        }
    }
}
