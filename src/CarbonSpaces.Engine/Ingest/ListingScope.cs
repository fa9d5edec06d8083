namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Where a resync's files of one bucket lie: a listing under <see cref="Prefix"/> that reaches
    /// <see cref="LastKey"/> has seen every one of them that still exists.
    /// </summary>
    public sealed class ListingScope
    {
        public ListingScope(long dataSourceId, string bucket, int files, string firstKey, string lastKey)
        {
            DataSourceId = dataSourceId;
            Bucket = bucket;
            Files = files;
            FirstKey = firstKey;
            Prefix = CommonPrefix(firstKey, lastKey);
            LastKey = lastKey;
        }

        public long DataSourceId { get; }

        public string Bucket { get; }

        public int Files { get; }

        /// <summary>The keys' common prefix: every key between the first and the last (in UTF-8 order) starts with theirs.</summary>
        public string Prefix { get; }

        public string FirstKey { get; }

        public string LastKey { get; }

        private static string CommonPrefix(string a, string b)
        {
            var length = 0;
            while (length < a.Length && length < b.Length && a[length] == b[length])
            {
                length++;
            }

            // Never cut a surrogate pair: S3 compares prefixes as UTF-8.
            if (length > 0 && char.IsHighSurrogate(a[length - 1]))
            {
                length--;
            }

            return a.Substring(0, length);
        }
    }
}
