using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CarbonSpaces.Engine.Common;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Scalar quantization of unit vectors for the in-memory scan: a stored vector becomes one signed byte a
    /// dimension and one scale (384 dimensions: 388 bytes in place of 1,536), the query sixteen bits a
    /// dimension, and their dot product is summed in integers. The score it gives is close to the float one
    /// (within about 0.001 for 384 dimensions), which is enough to pick candidates that are then scored exactly.
    /// </summary>
    internal static class Int8Vectors
    {
        private const int CodeRange = sbyte.MaxValue;

        /// <summary>Writes the codes of <paramref name="vector"/> and returns the scale that turns a code back into a value.</summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
        {
            float largest = 0;
            foreach (var value in vector)
            {
                largest = Math.Max(largest, Math.Abs(value));
            }

            if (largest == 0)
            {
                codes.Clear();
                return 0;
            }

            float toCode = CodeRange / largest;
            for (int i = 0; i < vector.Length; i++)
            {
                codes[i] = (sbyte)Math.Round(vector[i] * toCode);
            }

            return largest / CodeRange;
        }

        /// <summary>
        /// The query's codes, as fine as the integer sum allows: a sum of <c>dimensions</c> products of a
        /// stored code (≤ 127) and a query code must stay within a 32-bit integer (32,767 for 384
        /// dimensions, 11,008 for 1,536).
        /// </summary>
        public static QueryCodes QuantizeQuery(ReadOnlySpan<float> query)
        {
            var codes = new short[query.Length];
            int range = (int)Math.Min(short.MaxValue, int.MaxValue / ((long)Math.Max(1, query.Length) * CodeRange));
            float largest = 0;
            foreach (var value in query)
            {
                largest = Math.Max(largest, Math.Abs(value));
            }

            if (largest == 0)
            {
                return new QueryCodes(codes, 0);
            }

            float toCode = range / largest;
            for (int i = 0; i < query.Length; i++)
            {
                codes[i] = (short)Math.Round(query[i] * toCode);
            }

            return new QueryCodes(codes, largest / range);
        }

        /// <summary>The integer dot product of a stored vector's codes and the query's.</summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        public static int Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
        {
            int sum = 0;
            int i = 0;
#if NET8_0_OR_GREATER
            if (Avx2.IsSupported && codes.Length >= Vector256<short>.Count)
            {
                // Sign-extend 16 codes to 16 shorts, multiply with the query's and add neighbours into 8 ints.
                ref sbyte code = ref MemoryMarshal.GetReference(codes);
                ref short term = ref MemoryMarshal.GetReference(query);
                var total = Vector256<int>.Zero;
                int last = codes.Length - Vector256<short>.Count;
                for (; i <= last; i += Vector256<short>.Count)
                {
                    var wide = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref code, (nuint)i));
                    total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(wide, Vector256.LoadUnsafe(ref term, (nuint)i)));
                }

                sum = Vector256.Sum(total);
            }
#endif
            for (; i < codes.Length; i++)
            {
                sum += codes[i] * query[i];
            }

            return sum;
        }
    }

    /// <summary>A query quantized for <see cref="Int8Vectors.Dot"/>: its codes and the scale of one code.</summary>
    internal readonly struct QueryCodes
    {
        public QueryCodes(short[] codes, float scale)
        {
            Codes = codes;
            Scale = scale;
        }

        public short[] Codes { get; }

        public float Scale { get; }
    }
}
