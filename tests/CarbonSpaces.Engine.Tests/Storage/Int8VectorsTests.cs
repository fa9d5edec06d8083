using System;
using System.Linq;
using CarbonSpaces.Engine.Storage;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    public sealed class Int8VectorsTests
    {
        [Theory]
        [InlineData(7)]
        [InlineData(384)]
        [InlineData(1000)]
        [InlineData(3072)]
        public void TheIntegerDotProductIsTheSumOfTheProductsWhateverTheLength(int dimensions)
        {
            // Lengths that are not a multiple of the SIMD width take the scalar tail too.
            var random = new Random(dimensions);
            var codes = Enumerable.Range(0, dimensions).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var query = Enumerable.Range(0, dimensions).Select(_ => (short)random.Next(-10_000, 10_001)).ToArray();

            long expected = codes.Zip(query, (c, q) => (long)c * q).Sum();

            Assert.Equal(expected, Int8Vectors.Dot(codes, query));
        }

        [Theory]
        [InlineData(384)]
        [InlineData(3072)]
        public void AVectorAndQueryOfOneDirectionDoNotOverflowTheIntegerSum(int dimensions)
        {
            // Every component at its largest: the sum of products is as large as it can get.
            var vector = Enumerable.Repeat((float)(1 / Math.Sqrt(dimensions)), dimensions).ToArray();
            var codes = new sbyte[dimensions];
            var scale = Int8Vectors.Quantize(vector, codes);
            var query = Int8Vectors.QuantizeQuery(vector);

            var score = Int8Vectors.Dot(codes, query.Codes) * scale * query.Scale;

            Assert.Equal(1.0, score, 3);
        }

        [Fact]
        public void QuantizedScoresStayCloseToTheExactOnes()
        {
            var random = new Random(8);
            for (int i = 0; i < 200; i++)
            {
                var a = Unit(random);
                var b = Unit(random);
                var codes = new sbyte[a.Length];
                var scale = Int8Vectors.Quantize(a, codes);
                var query = Int8Vectors.QuantizeQuery(b);

                var exact = a.Zip(b, (x, y) => (double)x * y).Sum();

                Assert.InRange(Int8Vectors.Dot(codes, query.Codes) * scale * query.Scale, exact - 0.005, exact + 0.005);
            }
        }

        private static float[] Unit(Random random)
        {
            var vector = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var length = (float)Math.Sqrt(vector.Sum(v => v * v));
            return vector.Select(v => v / length).ToArray();
        }
    }
}
