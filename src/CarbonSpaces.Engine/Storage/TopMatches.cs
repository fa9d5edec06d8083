using System.Collections.Generic;
using System.Linq;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The best <c>k</c> matches seen so far: a min-heap on score, so a worse match costs one comparison.</summary>
    internal sealed class TopMatches
    {
        private readonly long[] _ids;
        private readonly float[] _scores;
        private int _count;

        public TopMatches(int capacity)
        {
            _ids = new long[capacity];
            _scores = new float[capacity];
        }

        /// <summary>The score a match must beat to enter once the heap is full.</summary>
        public float Threshold => _count < _ids.Length ? float.NegativeInfinity : _scores[0];

        public void Offer(long id, float score)
        {
            if (_ids.Length == 0)
            {
                return;
            }

            if (_count < _ids.Length)
            {
                int child = _count++;
                _ids[child] = id;
                _scores[child] = score;
                SiftUp(child);
            }
            else if (score > _scores[0])
            {
                _ids[0] = id;
                _scores[0] = score;
                SiftDown(0);
            }
        }

        public void Merge(TopMatches other)
        {
            for (int i = 0; i < other._count; i++)
            {
                Offer(other._ids[i], other._scores[i]);
            }
        }

        /// <summary>Best first; ties in chunk id order, newest first, as keyword search breaks them.</summary>
        public List<VectorMatch> Ranked() =>
            Enumerable.Range(0, _count)
                .Select(i => new VectorMatch(_ids[i], _scores[i]))
                .OrderByDescending(m => m.Score)
                .ThenByDescending(m => m.ChunkId)
                .ToList();

        private void SiftUp(int child)
        {
            while (child > 0)
            {
                int parent = (child - 1) / 2;
                if (_scores[parent] <= _scores[child])
                {
                    return;
                }

                Swap(parent, child);
                child = parent;
            }
        }

        private void SiftDown(int parent)
        {
            while (true)
            {
                int smallest = parent;
                int left = (2 * parent) + 1;
                int right = left + 1;
                if (left < _count && _scores[left] < _scores[smallest])
                {
                    smallest = left;
                }

                if (right < _count && _scores[right] < _scores[smallest])
                {
                    smallest = right;
                }

                if (smallest == parent)
                {
                    return;
                }

                Swap(parent, smallest);
                parent = smallest;
            }
        }

        private void Swap(int a, int b)
        {
            (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
            (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        }
    }
}
