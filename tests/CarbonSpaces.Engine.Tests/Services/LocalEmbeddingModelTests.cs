using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Services.Embedding;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Services
{
    /// <summary>The local model itself, offline: what it gives for short and long texts.</summary>
    public sealed class LocalEmbeddingModelTests
    {
        private readonly EmbeddingModel _model = EmbeddingModels.Open(EmbeddingSettings.Default).Model!;

        [Fact]
        public async Task VectorsHave384DimensionsOfUnitLength()
        {
            var vectors = await _model.EmbedDocumentsAsync(new[] { "Quarterly revenue grew by four percent.", "" }, CancellationToken.None);

            Assert.All(vectors, v => Assert.Equal(384, v.Length));
            Assert.All(vectors, v => Assert.InRange(Math.Sqrt(v.Sum(x => (double)x * x)), 0.999, 1.001));
        }

        [Fact]
        public async Task AParaphraseIsCloserThanTextAboutSomethingElse()
        {
            var query = await _model.EmbedQueryAsync("how do I reset my password", CancellationToken.None);
            var vectors = await _model.EmbedDocumentsAsync(
                new[] { "To change a forgotten login credential, open the account portal.", "The espresso machine is descaled every Friday." },
                CancellationToken.None);

            Assert.True(Cosine(query, vectors[0]) > Cosine(query, vectors[1]) + 0.1);
        }

        [Fact]
        public async Task LayoutWhitespaceDoesNotMoveAVector()
        {
            var vectors = await _model.EmbedDocumentsAsync(new[] { "Invoices are paid\n\nwithin   thirty days.", "Invoices are paid within thirty days." }, CancellationToken.None);

            Assert.Equal(1.0, Cosine(vectors[0], vectors[1]), 5);
        }

        [Fact]
        public async Task ATextLongerThanTheModelWindowIsReadToItsEndNotCutOff()
        {
            // ~700 wordpieces of the same start, then different endings: a model that cut at 512 would give equal vectors.
            string start = string.Concat(Enumerable.Repeat("The committee reviewed the annual budget and approved the plan. ", 60));
            var vectors = await _model.EmbedDocumentsAsync(
                new[] { start + "Volcanoes erupt molten lava and ash across the island.", start + "Bananas ripen quickly in a warm kitchen." },
                CancellationToken.None);

            Assert.True(Cosine(vectors[0], vectors[1]) < 0.995, $"cosine {Cosine(vectors[0], vectors[1])}");
        }

        private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
    }
}
