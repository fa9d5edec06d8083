using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Consecutive segments that may share a chunk: all running text or all records, never both, and all on one
    /// page when pages are chunk boundaries.
    /// </summary>
    internal readonly struct SegmentRun
    {
        public SegmentRun(int first, int last, bool isRecords)
        {
            First = first;
            Last = last;
            IsRecords = isRecords;
        }

        /// <summary>Index of the run's first segment.</summary>
        public int First { get; }

        /// <summary>Index of the run's last segment (inclusive).</summary>
        public int Last { get; }

        public bool IsRecords { get; }

        public static IEnumerable<SegmentRun> Partition(IReadOnlyList<ExtractedSegment> segments, bool pageIsBoundary)
        {
            int first = 0;
            for (int next = 1; next <= segments.Count; next++)
            {
                if (next < segments.Count && MayShareChunk(segments[next - 1], segments[next], pageIsBoundary))
                {
                    continue;
                }

                yield return new SegmentRun(first, next - 1, segments[first].IsRecord);
                first = next;
            }
        }

        private static bool MayShareChunk(ExtractedSegment previous, ExtractedSegment next, bool pageIsBoundary) =>
            previous.IsRecord == next.IsRecord && (!pageIsBoundary || previous.Page == next.Page);
    }
}
