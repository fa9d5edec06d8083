using System.Collections;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// A set of chunk ids as one bit an id up to the largest: chunk ids are SQLite rowids, handed out one above the
    /// largest, so a million chunks take 125 KB. A filtered search makes one a query, where a hash set of a million
    /// ids took some 40 MB of large-object heap a query and the process grew by 760 MB over 20 searches.
    /// </summary>
    internal sealed class ChunkIdSet
    {
        private readonly BitArray _bits;

        /// <param name="largestId">The largest id the set can hold; larger ones (chunks written since) are left out.</param>
        public ChunkIdSet(long largestId)
        {
            _bits = new BitArray((int)System.Math.Min(int.MaxValue, System.Math.Max(0, largestId + 1)));
        }

        public void Add(long id)
        {
            if (id >= 0 && id < _bits.Length)
            {
                _bits[(int)id] = true;
            }
        }

        public bool Contains(long id) => id >= 0 && id < _bits.Length && _bits[(int)id];
    }
}
