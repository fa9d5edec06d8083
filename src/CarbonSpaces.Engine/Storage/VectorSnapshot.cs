using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Numerics.Tensors;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Every vector of one model in one store, in one contiguous array: what an unfiltered vector search
    /// scans. Kept for the process (see <see cref="SqliteVectorIndex"/>) while the store's vector generation
    /// says it is current.
    /// </summary>
    internal sealed class VectorSnapshot
    {
        /// <summary>Below this many vectors one core scans faster than several can be started.</summary>
        private const int ParallelScanThreshold = 20_000;

        public VectorSnapshot(string storeId, long generation, string model, int dimensions, long[] chunkIds, float[] values)
        {
            StoreId = storeId;
            Generation = generation;
            Model = model;
            Dimensions = dimensions;
            ChunkIds = chunkIds;
            Values = values;
        }

        public string StoreId { get; }

        public long Generation { get; }

        public string Model { get; }

        public int Dimensions { get; }

        public long[] ChunkIds { get; }

        public float[] Values { get; }

        public IReadOnlyList<VectorMatch> Nearest(float[] query, int top, CancellationToken cancellation)
        {
            int count = ChunkIds.Length;
            int parts = count < ParallelScanThreshold ? 1 : Environment.ProcessorCount;
            var partial = new TopMatches[parts];
            int size = (count + parts - 1) / parts;
            Parallel.For(0, parts, new ParallelOptions { CancellationToken = cancellation }, part =>
            {
                var best = new TopMatches(top);
                int end = Math.Min(count, (part + 1) * size);
                for (int row = part * size; row < end; row++)
                {
                    float score = TensorPrimitives.Dot(new ReadOnlySpan<float>(query), new ReadOnlySpan<float>(Values, row * Dimensions, Dimensions));
                    if (score > best.Threshold)
                    {
                        best.Offer(ChunkIds[row], score);
                    }
                }

                partial[part] = best;
            });

            var all = new TopMatches(top);
            foreach (var part in partial)
            {
                all.Merge(part);
            }

            return all.Ranked();
        }
    }
}
