using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using Microsoft.Extensions.AI;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>
    /// One embedding model behind .NET's standard <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, with
    /// what the store needs around it: the name its vectors are recorded under, their size, checked on every
    /// answer, and the instruction the model wants in front of queries.
    /// </summary>
    public sealed class EmbeddingModel
    {
        private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
        private readonly string _queryPrefix;
        private readonly int _batchSize;

        private int _dimensions;

        /// <param name="dimensions">The vector size; null to take it from the service's first answer and hold every later one to it.</param>
        internal EmbeddingModel(string name, int? dimensions, IEmbeddingGenerator<string, Embedding<float>> generator, string queryPrefix, int batchSize)
        {
            Name = name;
            _dimensions = dimensions ?? 0;
            _generator = generator;
            _queryPrefix = queryPrefix;
            _batchSize = batchSize;
        }

        /// <summary>Provider/model[@dimensions], as files and vectors record it.</summary>
        public string Name { get; }

        /// <summary>The vector size; 0 until a service that was not told one has answered.</summary>
        public int Dimensions => _dimensions;

        /// <summary>One unit vector per text, in order; whitespace is collapsed first (a newline alone moves a vector).</summary>
        public async Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> texts, CancellationToken cancellation)
        {
            var vectors = new float[texts.Count][];
            for (int start = 0; start < texts.Count; start += _batchSize)
            {
                var batch = texts.Skip(start).Take(_batchSize).Select(EmbeddingText.Normalize).ToList();
                var embeddings = await _generator.GenerateAsync(batch, null, cancellation).ConfigureAwait(false);
                if (embeddings.Count != batch.Count)
                {
                    throw WrongAnswer($"{embeddings.Count} vector(s) for {batch.Count} text(s)");
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    vectors[start + i] = Checked(embeddings[i].Vector.ToArray());
                }
            }

            return vectors;
        }

        public async Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellation)
        {
            var embeddings = await _generator.GenerateAsync(new[] { _queryPrefix + EmbeddingText.Normalize(query) }, null, cancellation).ConfigureAwait(false);
            if (embeddings.Count != 1)
            {
                throw WrongAnswer($"{embeddings.Count} vectors for one query");
            }

            return Checked(embeddings[0].Vector.ToArray());
        }

        /// <summary>Every vector is stored and compared at unit length, so a dot product is the cosine.</summary>
        private float[] Checked(float[] vector)
        {
            int expected = Interlocked.CompareExchange(ref _dimensions, vector.Length, 0);
            if (expected != 0 && vector.Length != expected)
            {
                throw WrongAnswer($"a vector of {vector.Length} dimensions where {expected} were expected");
            }

            double squares = 0;
            foreach (var value in vector)
            {
                squares += (double)value * value;
            }

            if (squares <= 0 || double.IsNaN(squares) || double.IsInfinity(squares))
            {
                throw WrongAnswer("a vector of zeros or non-numbers");
            }

            var scale = (float)(1 / Math.Sqrt(squares));
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }

            return vector;
        }

        private CarbonSpacesException WrongAnswer(string what) =>
            new CarbonSpacesException(
                "CarbonSpaces.EmbeddingInvalid",
                FailureKind.InvalidData,
                $"The embedding model {Name} answered {what}. Check -Model and -Dimensions with Get-CarbonEmbeddingModel, or set another with Set-CarbonEmbeddingModel.",
                Name);
    }
}
