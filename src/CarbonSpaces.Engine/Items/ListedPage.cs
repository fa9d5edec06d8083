using System.Collections.Generic;
using Amazon.S3.Model;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// One page of a listing and the key range it covers: every key of the bucket after
    /// <see cref="After"/> and up to <see cref="Last"/> is among <see cref="Objects"/>, so an item of
    /// the store in that range that the page does not hold is gone at the source.
    /// </summary>
    internal sealed class ListedPage
    {
        public ListedPage(IReadOnlyList<S3Object> objects, string after, string? last)
        {
            Objects = objects;
            After = after;
            Last = last;
        }

        /// <summary>The page's keys, in key order.</summary>
        public IReadOnlyList<S3Object> Objects { get; }

        /// <summary>The keys are greater than this ("" for the start of the listing).</summary>
        public string After { get; }

        /// <summary>The keys are at most this; null when the range runs to the end of the listing.</summary>
        public string? Last { get; }
    }
}
