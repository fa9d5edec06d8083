using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Every vector of one model in one store, quantized to a signed byte a dimension (<see cref="Int8Vectors"/>):
    /// what an unfiltered vector search scans to pick its candidates. A million vectors of 384 dimensions take
    /// 396 MB (codes, scales and chunk ids) where their floats would take 1.5 GB. Kept for the process (see
    /// <see cref="Sqlite.SqliteVectorIndex"/>) while the store's vector generation says it is current.
    /// </summary>
    internal sealed class VectorSnapshot
    {
        /// <summary>
        /// Vectors a block: the unit of the parallel scan, and small enough that no array nears .NET's 2 GB
        /// limit however many vectors a store holds (6 MB a block at 384 dimensions).
        /// </summary>
        private const int BlockRows = 16_384;

        private readonly IReadOnlyList<Block> _blocks;

        private VectorSnapshot(string storeId, long generation, string model, int dimensions, IReadOnlyList<Block> blocks, long count)
        {
            StoreId = storeId;
            Generation = generation;
            Model = model;
            Dimensions = dimensions;
            _blocks = blocks;
            Count = count;
        }

        public string StoreId { get; }

        public long Generation { get; }

        public string Model { get; }

        public int Dimensions { get; }

        public long Count { get; }

        /// <summary>
        /// Quantizes vectors as they are read, so the floats of only one vector are in memory at a time.
        /// The first vector sets the dimensions; a vector of another size is skipped.
        /// </summary>
        /// <remarks>
        /// This and the block's loops are compiled optimized at once: the first search of a session runs them a
        /// hundred thousand times before the runtime would have promoted them from their unoptimized first compile.
        /// </remarks>
        [MethodImpl(HotLoop.FullyOptimized)]
        public static VectorSnapshot Build(string storeId, long generation, string model, IEnumerable<(long ChunkId, float[] Vector)> vectors, CancellationToken cancellation)
        {
            var blocks = new List<Block>();
            int dimensions = 0;
            long count = 0;
            foreach (var (chunkId, vector) in vectors)
            {
                cancellation.ThrowIfCancellationRequested();
                if (count == 0)
                {
                    dimensions = vector.Length;
                }

                if (vector.Length != dimensions)
                {
                    continue;
                }

                if (blocks.Count == 0 || blocks[blocks.Count - 1].Full)
                {
                    blocks.Add(new Block(dimensions));
                }

                blocks[blocks.Count - 1].Add(chunkId, vector);
                count++;
            }

            if (blocks.Count > 0)
            {
                blocks[blocks.Count - 1].Trim();
            }

            return new VectorSnapshot(storeId, generation, model, dimensions, blocks, count);
        }

        /// <summary>
        /// The <paramref name="count"/> chunks whose quantized vectors score highest against <paramref name="query"/>,
        /// among <paramref name="allowed"/> when given, best first, with those approximate scores: candidates for an
        /// exact scoring.
        /// </summary>
        public IReadOnlyList<VectorMatch> Candidates(float[] query, int count, ChunkIdSet? allowed, CancellationToken cancellation)
        {
            var codes = Int8Vectors.QuantizeQuery(query);
            var all = new TopMatches(count);
            Parallel.For(
                0,
                _blocks.Count,
                new ParallelOptions { CancellationToken = cancellation },
                () => new TopMatches(count),
                (block, _, best) =>
                {
                    _blocks[block].Scan(codes, allowed, best);
                    return best;
                },
                best =>
                {
                    lock (all)
                    {
                        all.Merge(best);
                    }
                });

            return all.Ranked();
        }

        /// <summary>Up to <see cref="BlockRows"/> vectors: their chunk ids, codes and scales.</summary>
        private sealed class Block
        {
            private readonly int _dimensions;
            private long[] _chunkIds = new long[BlockRows];
            private float[] _scales = new float[BlockRows];
            private sbyte[] _codes;
            private int _count;

            public Block(int dimensions)
            {
                _dimensions = dimensions;
                _codes = new sbyte[BlockRows * dimensions];
            }

            public bool Full => _count == BlockRows;

            [MethodImpl(HotLoop.FullyOptimized)]
            public void Add(long chunkId, float[] vector)
            {
                _scales[_count] = Int8Vectors.Quantize(vector, new Span<sbyte>(_codes, _count * _dimensions, _dimensions));
                _chunkIds[_count] = chunkId;
                _count++;
            }

            /// <summary>Gives back the room of the vectors a last block did not get (a small store would otherwise hold 6 MB).</summary>
            public void Trim()
            {
                Array.Resize(ref _chunkIds, _count);
                Array.Resize(ref _scales, _count);
                Array.Resize(ref _codes, _count * _dimensions);
            }

            [MethodImpl(HotLoop.FullyOptimized)]
            public void Scan(QueryCodes query, ChunkIdSet? allowed, TopMatches best)
            {
                var terms = new ReadOnlySpan<short>(query.Codes);
                for (int row = 0; row < _count; row++)
                {
                    if (allowed != null && !allowed.Contains(_chunkIds[row]))
                    {
                        continue;
                    }

                    float score = Int8Vectors.Dot(new ReadOnlySpan<sbyte>(_codes, row * _dimensions, _dimensions), terms) * _scales[row] * query.Scale;
                    if (score > best.Threshold)
                    {
                        best.Offer(_chunkIds[row], score);
                    }
                }
            }
        }
    }
}
